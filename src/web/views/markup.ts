/**
 * HTML we built ourselves (chart SVG from our own numbers): Handlebars inserts any object with
 * `toHTML()` as is, so user text can never take this path by accident.
 */
export class Markup {
  constructor(private readonly html: string) {}
  toHTML(): string {
    return this.html;
  }
  toString(): string {
    return this.html;
  }
}
