// Keyboard conventions for forms: Ctrl/Cmd+Enter submits from anywhere in
// the form (Enter alone already submits from a single-line field), and
// Escape cancels when the form can be cancelled.
import type { Attachment } from "svelte/attachments";

export function formKeys(cancel?: () => void): Attachment<HTMLFormElement> {
  return (form) => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit();
      } else if (e.key === "Escape" && cancel && !e.defaultPrevented) {
        e.stopPropagation();
        cancel();
      }
    };
    form.addEventListener("keydown", onKey);
    return () => form.removeEventListener("keydown", onKey);
  };
}
