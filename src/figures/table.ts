/**
 * A small table of numbers and labels: plain data, built by the figure and chapter code and shown
 * by the platform (`showTable`) or written into a page.
 */
export interface Table {
  columns: string[];
  rows: (string | number)[][];
  caption?: string;
}
