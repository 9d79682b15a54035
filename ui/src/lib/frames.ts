/** After the next frame is drawn (two frames on: the first one ends when the second starts). */
export function afterPaint(): Promise<void> {
  return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}
