// Stakes: each figure's share of a whole as one bar divided between the holder and everyone else.
import type { Plugin } from "chart.js";
import { SANS } from "../fonts.js";
import { formatShare } from "../format.js";
import { fillLabel } from "../i18n/labels.js";
import type { ChartSpec } from "../profile/schema.js";
import type { FigureFact } from "../schema.js";
import type { Cited } from "../stages/derive.js";
import {
  ACCENT,
  type ChartImage,
  type ChartOptions,
  draw,
  GRID,
  INK,
  inLanguage,
  itemSeparator,
  MUTED,
  sortedUnique,
  WIDTH,
} from "./frame.js";

type SharesSpec = Extract<ChartSpec, { type: "shares" }>;

/** A figure with a share, and the share. */
interface Stake {
  fact: Cited<FigureFact>;
  share: number;
}

/** One bar: its tick labels below, and room above and between the bars. */
const FIRST_BAR_HEIGHT = 90;
/** Each bar after the first. */
const BAR_HEIGHT = 50;

interface Part {
  /** "Meta's stake in Scale AI · 49%", and "49%" alone for when the bar has no room for the rest. */
  text: string;
  short: string;
  /** The words' colour on the part itself, and on the other part when they are moved there. */
  ink: string;
  across: string;
}

/** The two parts of a stake's bar: the holder's, then everyone else's. */
function barParts({ fact, share }: Stake, { lang, labels }: ChartOptions): [holder: Part, rest: Part] {
  const held = formatShare(share, lang);
  const rest = formatShare(100 - share, lang);
  return [
    { text: `${inLanguage(fact.label, lang)} · ${held}`, short: held, ink: "#ffffff", across: ACCENT },
    { text: `${fillLabel(labels, "chart_shares_rest")} · ${rest}`, short: rest, ink: INK, across: "#ffffff" },
  ];
}

/** Between words moved beside the boundary and the boundary, or the bar's end. */
const PAD = 6;
/** How much wider than its part centred words may be: the first and last letters' side bearings are blank. */
const BEARINGS = 1;

/**
 * Each part's words centred on it where both fit. Where one part is too narrow, its words go on
 * the other part beside the boundary and the other's to the far end, shortened to the percentage
 * where the two do not fit side by side: a small stake's name must not run off its bar.
 */
function insideLabels(bars: [Part, Part][]): Plugin<"bar"> {
  return {
    id: "insideLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `600 11px ${SANS}`;
      ctx.textBaseline = "middle";
      const width = (text: string) => ctx.measureText(text).width;
      const write = (text: string, x: number, y: number, align: CanvasTextAlign, colour: string) => {
        ctx.textAlign = align;
        ctx.fillStyle = colour;
        ctx.fillText(text, x, y);
      };
      bars.forEach(([holder, rest], index) => {
        const held = chart.getDatasetMeta(0).data[index] as unknown as { x: number; y: number; base: number } | undefined;
        const others = chart.getDatasetMeta(1).data[index] as unknown as { x: number } | undefined;
        if (held === undefined || others === undefined) return;
        const [left, boundary, right, y] = [held.base, held.x, others.x, held.y];
        if (width(holder.text) <= boundary - left + BEARINGS && width(rest.text) <= right - boundary + BEARINGS) {
          write(holder.text, (left + boundary) / 2, y, "center", holder.ink);
          write(rest.text, (boundary + right) / 2, y, "center", rest.ink);
          return;
        }
        const holderNarrow = boundary - left < right - boundary;
        const [narrow, wide] = holderNarrow ? [holder, rest] : [rest, holder];
        const room = holderNarrow ? right - boundary : boundary - left;
        const choices: [string, string][] = [
          [narrow.text, wide.text],
          [narrow.text, wide.short],
          [narrow.short, wide.short],
        ];
        const [near, far] = choices.find(([a, b]) => width(a) + width(b) + 3 * PAD <= room) ?? [narrow.short, ""];
        const side = holderNarrow ? 1 : -1;
        write(near, boundary + side * PAD, y, holderNarrow ? "left" : "right", narrow.across);
        write(far, holderNarrow ? right - PAD : left + PAD, y, holderNarrow ? "right" : "left", wide.ink);
      });
      ctx.restore();
    },
  };
}

/**
 * Every figure with a share among `facts`, each as its own bar divided between the holder and the
 * other shareholders, in the order given. The caption lists every stake, after `spec.caption`
 * when the dossier gives one: a stake chart has no opening sentence of its own.
 */
export function sharesChart(spec: SharesSpec, facts: readonly Cited[], options: ChartOptions): ChartImage | undefined {
  const stakes: Stake[] = facts.flatMap((fact) =>
    fact.kind === "figure" && fact.share !== undefined ? [{ fact, share: fact.share }] : [],
  );
  if (stakes.length === 0) return undefined;
  const { lang, labels, cache } = options;
  const height = FIRST_BAR_HEIGHT + (stakes.length - 1) * BAR_HEIGHT;
  const svg = draw(
    cache,
    {
      type: "bar",
      data: {
        labels: stakes.map(() => ""),
        datasets: [
          { data: stakes.map(({ share }) => share), backgroundColor: ACCENT, barPercentage: 1, categoryPercentage: 0.9 },
          { data: stakes.map(({ share }) => 100 - share), backgroundColor: GRID, barPercentage: 1, categoryPercentage: 0.9 },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: false,
        plugins: { legend: { display: false } },
        scales: {
          x: {
            stacked: true,
            min: 0,
            max: 100,
            grid: { color: GRID },
            ticks: { color: MUTED, stepSize: 25, callback: (value) => formatShare(Number(value), lang) },
          },
          y: { stacked: true, display: false },
        },
      },
      plugins: [insideLabels(stakes.map((stake) => barParts(stake, options)))],
    },
    height,
    spec.id,
  );
  const values = stakes.map(({ fact, share }) => ({
    label: inLanguage(fact.label, lang),
    share: formatShare(share, lang),
    rest: formatShare(100 - share, lang),
  }));
  const list = values.map((value) => fillLabel(labels, "chart_shares_caption", value)).join(itemSeparator(labels));
  const opening = spec.caption?.[lang];
  return {
    id: spec.id,
    svg,
    width: WIDTH,
    height,
    caption: opening === undefined ? list : `${opening} ${list}`,
    cites: sortedUnique(stakes.flatMap(({ fact }) => fact.cites)),
    alt: values.map((value) => fillLabel(labels, "chart_shares_alt", value)).join(" "),
  };
}
