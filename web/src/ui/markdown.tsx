/**
 * Markdown from model output, rendered safely: raw HTML in the source is dropped (never parsed into
 * the DOM), links open with `rel="noopener noreferrer nofollow"` and only http(s)/mailto URLs survive.
 */
import ReactMarkdown, { defaultUrlTransform } from "react-markdown";

const SAFE_URL = /^(https?:|mailto:|#|\/)/i;

export function safeUrl(url: string): string {
  const transformed = defaultUrlTransform(url);
  return SAFE_URL.test(transformed) ? transformed : "";
}

export function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        skipHtml
        urlTransform={safeUrl}
        disallowedElements={["img"]}
        unwrapDisallowed
        components={{
          // A link within the page (a citation's `#source-S1`) stays in it; any other opens apart.
          a: ({ href, children }) =>
            href?.startsWith("#") ? (
              <a href={href}>{children}</a>
            ) : (
              <a href={href} rel="noopener noreferrer nofollow" target="_blank">
                {children}
              </a>
            ),
        }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
