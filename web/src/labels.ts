/** Chinese words for the API's enumerations: the server's own (shared/enums.ts, plain data). */
import { UPLOAD_OUTCOME_LABEL } from '../../shared/enums.ts';

export {
  COVERAGE_LABEL, FLAG_STATE_LABEL, ORGAN_KIND_LABEL as KIND_LABEL, REPORT_STATUS_LABEL as STATUS_LABEL, SEVERITY_LABEL, UPLOAD_OUTCOME_LABEL,
} from '../../shared/enums.ts';
export const UPLOAD_LABEL = {
  pending: '等待上传', uploading: '正在上传', ...UPLOAD_OUTCOME_LABEL,
  needs_review: '已导入，需人工核对', replaced_review: '已替换旧版本，需人工核对',
} as const;
