// An input's unsaved text beside the stored value it started from.
import { untrack } from "svelte";

export class Draft {
  value = $state("");
  #base = $state("");

  /** Follows the stored value unless the person has unsaved words in the box. */
  follow(stored: string) {
    untrack(() => {
      if (this.value === this.#base) this.value = stored;
      this.#base = stored;
    });
  }

  get stored(): string {
    return this.#base;
  }

  reset() {
    this.value = this.#base;
  }
}
