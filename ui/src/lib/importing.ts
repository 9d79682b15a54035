// Words for an import's preview and report. The core reads the file and
// decides what is written and what becomes a proposal; this only says it.
import type { ErrorCode } from "../bindings/ErrorCode";
import type { Field } from "../bindings/Field";
import type { ImportFormat } from "../bindings/ImportFormat";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { ImportReport } from "../bindings/ImportReport";
import type { Role } from "../bindings/Role";
import { dimensionLabel } from "./labels";
import { fieldName } from "./planning";

export const formatLabel: Record<ImportFormat, string> = {
  json: "Accord JSON",
  jira: "Jira CSV",
  linear: "Linear CSV",
  csv: "Other CSV",
};

/** The format picker's choices, "detect" first: the core tells it from the extension, then the headers. */
export const FORMAT_CHOICES: readonly { value: ImportFormat | null; label: string }[] = [
  { value: null, label: "Detect from the file" },
  { value: "json", label: formatLabel.json },
  { value: "jira", label: formatLabel.jira },
  { value: "linear", label: formatLabel.linear },
  { value: "csv", label: formatLabel.csv },
];

/** What a spreadsheet column fills, in the words the rest of the app uses. */
const columnNames: Record<string, string> = {
  key: "Key (for links)",
  title: "Title",
  ...dimensionLabel,
  fix_version: "When (fix version)",
  kind: "Kind",
  status: "Status",
  effort: "Effort",
  depends_on: "Depends on",
  blocks: "Blocks",
  labels: "Goals (labels)",
};

export function columnLabel(mapsTo: string | null): string {
  if (mapsTo === null) return "Not used";
  return columnNames[mapsTo] ?? mapsTo.replace(/_/g, " ");
}


export function changeFieldLabel(field: Field): string {
  return fieldName(field);
}

/** The partner who receives the acting person's proposals: the PM for the EM, the EM for the PM. */
export function recipientOf(role: Role | undefined): "EM" | "PM" | null {
  return role === "em" ? "PM" : role === "pm" ? "EM" : null;
}

/** How a change is marked: written as the importer's own, or filed with the other partner. */
export function changeMarker(proposal: boolean, role: Role | undefined): string {
  if (!proposal) return "You write";
  const to = recipientOf(role);
  return to ? `Proposal to the ${to}` : "Proposal";
}

export type ImportCount = {
  key: keyof Omit<ImportReport, "roadmap">;
  value: number;
  label: string;
  /** Worth a look before confirming: proposals to answer, or something left to do. */
  tone: "plain" | "proposal" | "warn";
};

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The preview's counts, in the order a person reads them. */
export function importCounts(report: ImportReport, role: Role | undefined): ImportCount[] {
  const to = recipientOf(role) ?? "other partner";
  const r = report;
  return [
    { key: "items", value: r.items, label: plural(r.items, "item", "items"), tone: "plain" },
    { key: "written", value: r.written, label: "written as yours", tone: "plain" },
    { key: "proposed", value: r.proposed, label: `${plural(r.proposed, "proposal", "proposals")} to the ${to}`, tone: r.proposed ? "proposal" : "plain" },
    { key: "goals", value: r.goals, label: `${plural(r.goals, "goal", "goals")} from labels`, tone: "plain" },
    { key: "dependencies", value: r.dependencies, label: plural(r.dependencies, "dependency", "dependencies"), tone: "plain" },
    { key: "needs_target", value: r.needs_target, label: `${plural(r.needs_target, "item needs", "items need")} a target`, tone: r.needs_target ? "warn" : "plain" },
    { key: "uncommitted", value: r.uncommitted, label: "committed tech debt brought in as ideas", tone: r.uncommitted ? "warn" : "plain" },
  ];
}

const n = (x: number) => x.toLocaleString("en-US");

/** What the progress line says while the import runs: a spreadsheet's rows, or a JSON file's items. */
export function importingText(preview: ImportPreview): string {
  if (preview.format === "json") return `Importing ${n(preview.report.items)} ${plural(preview.report.items, "item", "items")}…`;
  const rows = preview.report.items + preview.skipped.length;
  return `Importing ${n(rows)} ${plural(rows, "row", "rows")}…`;
}

/** The toast once it is done. */
export function importSummary(report: ImportReport, role: Role | undefined): string {
  const to = recipientOf(role) ?? "other partner";
  const parts = [`${n(report.items)} ${plural(report.items, "item", "items")}`];
  if (report.proposed) parts.push(`${n(report.proposed)} ${plural(report.proposed, "proposal", "proposals")} to the ${to}`);
  if (report.needs_target) parts.push(`${n(report.needs_target)} ${plural(report.needs_target, "needs", "need")} a target`);
  return `Imported “${report.roadmap.name}”: ${parts.join(", ")}.`;
}

/** The heading above an import's error; the core's message below it names the row, column or chain. */
export function importErrorTitle(code: ErrorCode): string {
  switch (code) {
    case "bad_file":
      return "This file cannot be imported";
    case "dependency_cycle":
      return "Its dependencies go round in a circle";
    case "framing_required":
      return "Committed tech debt needs its framing";
    case "forbidden":
      return "Only the EM or the PM can import a roadmap";
    case "invalid_input":
      return "Something in the file is not valid";
    default:
      return "The import did not go through";
  }
}
