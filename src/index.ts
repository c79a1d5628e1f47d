export * from "./random";
export * from "./figures/plotly";
export { showFigure, showHtml, showTable } from "./notebook/display";
export type { LiveFigure, Table } from "./notebook/display";
