/** Chinese words for the API's enumerations, in one place. */
import type { FlagState, ReportStatus, Severity } from './api/types.ts';

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '参考' };
export const STATUS_LABEL: Record<ReportStatus, string> = { ok: '正常', needs_review: '待核对' };
export const FLAG_STATE_LABEL: Record<FlagState, string> = { open: '待处理', confirmed: '已确认', dismissed: '已排除' };
export const COVERAGE_LABEL = { reported: '按时报送', late: '逾期报送', missing: '未报送' } as const;
export const KIND_LABEL: Record<string, string> = {
  township: '乡镇', street: '街道', department: '县直部门', county_government: '县级人民政府', unknown: '未分类',
};
export const UPLOAD_LABEL = {
  pending: '等待上传', uploading: '正在上传', ingested: '已导入', unchanged: '未变化（已导入过）',
  replaced: '已替换旧版本', needs_review: '已导入，需人工核对', failed: '失败',
} as const;
