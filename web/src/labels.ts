/** Chinese words for the API's enumerations: the server's own (shared/enums.ts, plain data). */
export {
  COVERAGE_LABEL, FLAG_STATE_LABEL, ORGAN_KIND_LABEL as KIND_LABEL, REPORT_STATUS_LABEL as STATUS_LABEL, SEVERITY_LABEL,
} from '../../shared/enums.ts';
export const UPLOAD_LABEL = {
  pending: '等待上传', uploading: '正在上传', ingested: '已导入', unchanged: '未变化（已导入过）',
  replaced: '已替换旧版本', needs_review: '已导入，需人工核对', replaced_review: '已替换旧版本，需人工核对', failed: '失败',
} as const;
