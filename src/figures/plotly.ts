/**
 * The few Plotly types this project's figures use: a figure is plain data (`data`, `layout`,
 * `config`) that pure functions in `src/figures/` build and the display module sends to the
 * front-end unchanged.
 *
 * Deliberately minimal: the attributes we use are typed so typos fail to compile; every other
 * Plotly attribute is still allowed through the index signatures, untyped.
 *
 * @see https://plotly.com/javascript/reference/
 */

/** One value on an axis: a number, a category name, or a gap. */
export type Datum = number | string | null;

/** A column of values. Typed arrays are accepted and sent as plain JSON arrays. */
export type DataArray = readonly Datum[] | Float64Array | Float32Array | Int32Array | Uint32Array;

/** The trace types our figures draw; any other Plotly type still works at run time. */
export type TraceType = "scatter" | "scattergl" | "histogram" | "bar" | "heatmap" | "box" | "violin" | "contour";

/** Line styling of a scatter trace. */
export interface Line {
  color?: string;
  width?: number;
  dash?: "solid" | "dot" | "dash" | "longdash" | "dashdot" | "longdashdot";
  shape?: "linear" | "spline" | "hv" | "vh" | "hvh" | "vhv";
  [attribute: string]: unknown;
}

/** Marker styling of a scatter, bar or histogram trace. */
export interface Marker {
  color?: string | DataArray;
  size?: number | DataArray;
  opacity?: number;
  [attribute: string]: unknown;
}

/** One trace: a series of points, bars or bins. */
export interface Trace {
  type?: TraceType;
  name?: string;
  x?: DataArray;
  y?: DataArray;
  z?: readonly DataArray[];
  mode?: "lines" | "markers" | "lines+markers" | "text" | "none";
  line?: Line;
  marker?: Marker;
  opacity?: number;
  showlegend?: boolean;
  xaxis?: string;
  yaxis?: string;
  /** Histogram only: `"probability density"` makes bins comparable with a density curve. */
  histnorm?: "" | "percent" | "probability" | "density" | "probability density";
  nbinsx?: number;
  [attribute: string]: unknown;
}

/**
 * A title, as Plotly's `{ text }` object. plotly.js 3 dropped the older bare-string form: a string
 * title is silently not drawn, so the type does not allow one.
 */
export type Title = { text: string; [attribute: string]: unknown };

/** An x or y axis. */
export interface Axis {
  title?: Title;
  range?: readonly [number, number];
  type?: "linear" | "log" | "category" | "date";
  [attribute: string]: unknown;
}

/** The figure's layout: titles, axes, size. */
export interface Layout {
  title?: Title;
  xaxis?: Axis;
  yaxis?: Axis;
  width?: number;
  height?: number;
  showlegend?: boolean;
  [attribute: string]: unknown;
}

/** Plotly's per-figure configuration (mode bar, responsiveness). */
export interface Config {
  responsive?: boolean;
  displayModeBar?: boolean | "hover";
  displaylogo?: boolean;
  staticPlot?: boolean;
  [attribute: string]: unknown;
}

/** A complete figure, as Plotly's `newPlot(div, data, layout, config)` takes it. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  config?: Config;
}
