/**
 * The API's enumerations and their Chinese words, once: the schemas (common.ts), the CSV headers
 * and values, and the web app all read them here. Plain data with type-only imports, so the web
 * app can import it without pulling server code.
 */
/** Kinds of organ: 乡镇, 街道, 县直部门, 县级人民政府, unknown (the `organ.kind` column). */
export type OrganKind = 'township' | 'street' | 'department' | 'county_government' | 'unknown';
/** A report's status (the `report.status` column): needs_review while a cell awaits a person. */
export type ReportStatus = 'ok' | 'needs_review';

// Each is a Record over its type, so the compiler insists on every value having its word.

export const ORGAN_KIND_LABEL: Readonly<Record<OrganKind, string>> = {
  township: '乡镇', street: '街道', department: '县直部门', county_government: '县级人民政府', unknown: '未分类',
};
export const ORGAN_KINDS = Object.keys(ORGAN_KIND_LABEL) as readonly OrganKind[];
/** Township-level organs: what 乡镇对比 compares unless told otherwise. */
export const TOWNSHIP_LEVEL: readonly OrganKind[] = ['township', 'street'];

export const SEVERITY_LABEL = { error: '错误', warning: '警告', info: '参考' } as const;
export type Severity = keyof typeof SEVERITY_LABEL;
export const SEVERITIES = Object.keys(SEVERITY_LABEL) as readonly Severity[];

export const FLAG_STATE_LABEL = { open: '待处理', confirmed: '已确认', dismissed: '已排除' } as const;
export type FlagState = keyof typeof FLAG_STATE_LABEL;
export const FLAG_STATES = Object.keys(FLAG_STATE_LABEL) as readonly FlagState[];

export const REPORT_STATUS_LABEL: Readonly<Record<ReportStatus, string>> = { ok: '正常', needs_review: '待核对' };
export const REPORT_STATUSES = Object.keys(REPORT_STATUS_LABEL) as readonly ReportStatus[];

export const COVERAGE_LABEL = { reported: '按时报送', late: '逾期报送', missing: '未报送' } as const;
export type CoverageStatus = keyof typeof COVERAGE_LABEL;
export const COVERAGE_STATUSES = Object.keys(COVERAGE_LABEL) as readonly CoverageStatus[];

/** What became of a file sent in (the upload answer and the upload log). */
export const UPLOAD_OUTCOME_LABEL = { ingested: '已导入', unchanged: '未变化（已导入过）', replaced: '已替换旧版本', failed: '失败' } as const;
export type UploadOutcome = keyof typeof UPLOAD_OUTCOME_LABEL;

/** The kinds of file a scan attached to a hand entry comes as: extension -> `document.format` (the entry form's file picker lists the same). */
export const ATTACHMENT_FORMATS: Readonly<Record<string, string>> = {
  pdf: 'pdf', jpg: 'jpg', jpeg: 'jpg', png: 'png', tif: 'tif', tiff: 'tif', doc: 'doc', docx: 'docx',
};

/**
 * Extensions of the images a scan comes as, read by OCR: what the image reader (sharp) decodes. Not
 * BMP: sniff.ts knows it by its first bytes, but sharp cannot decode it (refused, 另存为 JPG/PNG).
 */
export const SCAN_IMAGE_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'tif', 'tiff', 'gif'];

/** What the upload page's file picker offers: text, web pages, Word, PDF, ZIP, and scans as images. */
export const UPLOAD_EXTENSIONS: readonly string[] = ['txt', 'htm', 'html', 'doc', 'docx', 'wps', 'pdf', 'zip', ...SCAN_IMAGE_EXTENSIONS];
