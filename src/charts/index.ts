// The charts a dossier asks for in its dossier.yaml, each drawn by its type from the facts its
// selection chose.
import { readCached, writeCached } from "../disk-cache.js";
import type { ChartSpec } from "../profile/schema.js";
import type { Cited } from "../stages/derive.js";
import { typesetterFor } from "../typography/typeset.js";
import { amountsChart } from "./amounts.js";
import { eventsChart } from "./events.js";
import { flowsChart } from "./flows.js";
import type { ChartImage, ChartOptions } from "./frame.js";
import { sharesChart } from "./shares.js";

export { type ChartCache, type ChartImage, type ChartOptions, createChartCache } from "./frame.js";

/** A chart as dossier.yaml configures it, with the facts its selection chose. */
export interface ChartRequest {
  spec: ChartSpec;
  facts: readonly Cited[];
}

function drawChart({ spec, facts }: ChartRequest, options: ChartOptions): ChartImage | undefined {
  switch (spec.type) {
    case "amounts":
      return amountsChart(spec, facts, options);
    case "shares":
      return sharesChart(spec, facts, options);
    case "events":
      return eventsChart(spec, facts, options);
    case "flows":
      return flowsChart(spec, facts, options);
    default: {
      const unknown: never = spec;
      throw new Error(`no chart type ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The chart as an earlier run drew it from the same spec, facts and words with the same software,
 * else drawn now and kept for the next run: a daily edition seldom changes a chart. A kept file
 * that does not parse (a disk fault) is drawn again.
 */
function drawnBefore(chart: ChartRequest, key: string, options: ChartOptions): ChartImage | undefined {
  const { disk } = options;
  if (disk === undefined) return drawChart(chart, options);
  const kept = readCached(disk, "chart", key);
  if (kept !== undefined) {
    try {
      return (JSON.parse(kept) as ChartImage | null) ?? undefined;
    } catch {
      // Drawn again below.
    }
  }
  const image = drawChart(chart, options);
  writeCached(disk, "chart", key, JSON.stringify(image ?? null));
  return image;
}

/**
 * Draws each chart in the order given; a chart with nothing to draw is left out. A chart drawn
 * from the same spec, facts and words as in the cache's last call is not drawn again: an edit in
 * watch mode seldom touches them.
 */
export function renderCharts(charts: readonly ChartRequest[], given: ChartOptions): ChartImage[] {
  const typeset = typesetterFor(given.lang);
  const options = { ...given, labels: Object.fromEntries(Object.entries(given.labels).map(([key, words]) => [key, typeset(words)])) };
  const { cache, lang, labels } = options;
  const words = JSON.stringify([lang, labels]);
  const drawn = new Map<string, ChartImage | undefined>();
  const images = charts.map((chart) => {
    const key = JSON.stringify([chart.spec, chart.facts]) + words;
    const image = drawn.has(key) ? drawn.get(key) : cache.lastDrawn.has(key) ? cache.lastDrawn.get(key) : drawnBefore(chart, key, options);
    drawn.set(key, image);
    return image;
  });
  cache.lastDrawn = drawn;
  return images.filter((image) => image !== undefined);
}
