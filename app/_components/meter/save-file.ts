/**
 * How long the file's object URL is kept: FileSaver.js found that revoking it at once can cancel the
 * download in some browsers, and settled on 40 s (eligrey/FileSaver.js, "revoke after 40s").
 */
const KEEP_URL_MS = 40_000;

/** Saves `text` as a download named `name`, from the page itself: nothing goes to the server. */
export function saveFile(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
}
