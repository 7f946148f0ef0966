/** The headings of a Markdown article, as the blog writer's output check reads them. */

/** ATX headings (`## Heading`, optionally closed by `#`s), as written, trimmed. */
export function markdownHeadings(markdown: string): string[] {
  const headings: string[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const match = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (match?.[1]) headings.push(match[1]);
  }
  return headings;
}

/** How headings compare: case, runs of spaces and a closing `#` sequence do not matter. */
export function headingKey(heading: string): string {
  return heading
    .replace(/[ \t]+#+[ \t]*$/, "")
    .replace(/\s+/gu, " ")
    .trim()
    .toLocaleLowerCase();
}
