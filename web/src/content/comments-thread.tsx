/** The item's one thread between the tenant and its reviewers: read it, and add to it. */

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { ContentCommentView } from "#shared/contracts/content-views";
import { describeError, fieldMessages } from "../api/errors.ts";
import { Button, TextArea } from "../ui/controls.tsx";
import { Alert } from "../ui/feedback.tsx";
import { formatDateTime, humanize } from "../ui/format.ts";

export interface CommentsThreadProps {
  comments: readonly ContentCommentView[];
  /** The signed-in user, whose comments read "You". */
  userId: string;
  post: (body: string) => Promise<unknown>;
  /** After a comment is posted (the caller refreshes the item). */
  onPosted: () => void;
}

/** "You", or the author's name with their part in the thread: "June (tenant admin)", else just the part. */
export function authorOf(comment: ContentCommentView, userId: string): string {
  const { author } = comment;
  if (author.userId === userId) return "You";
  const part =
    author.role === "reviewer" || author.role === "super_admin"
      ? "Reviewer"
      : author.role === "admin"
        ? "Tenant admin"
        : humanize(author.role);
  return author.name ? `${author.name} (${part.toLowerCase()})` : part;
}

export function CommentsThread({ comments, userId, post, onPosted }: CommentsThreadProps) {
  const [text, setText] = useState("");
  const mutation = useMutation({
    mutationFn: post,
    onSuccess: () => {
      setText("");
      onPosted();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) mutation.mutate(text);
  };
  return (
    <div className="stack">
      {comments.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ol className="comments">
          {comments.map((comment) => (
            <li key={comment.commentId}>
              <div className="row muted">
                <strong>{authorOf(comment, userId)}</strong>
                <span>on version {comment.version}</span>
                <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
              </div>
              <p className="prewrap">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="stack" onSubmit={submit}>
        <TextArea
          label="Add a comment"
          value={text}
          rows={3}
          required
          onChange={(event) => setText(event.target.value)}
          error={fieldMessages(mutation.error).body}
        />
        {mutation.isError && !fieldMessages(mutation.error).body ? (
          <Alert>{describeError(mutation.error)}</Alert>
        ) : null}
        <div className="row">
          <Button type="submit" variant="primary" busy={mutation.isPending}>
            Post comment
          </Button>
        </div>
      </form>
    </div>
  );
}
