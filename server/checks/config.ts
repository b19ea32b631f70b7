/**
 * Deadlines and thresholds the rules use. Defaults follow the 条例 and common county practice;
 * a county with other local rules passes its own `CheckConfig`.
 */
import type { OrganKind, Severity } from '../../db/schema.ts';
import type { RuleId } from './registry.ts';

export interface CheckConfig {
  /** Severities that differ from the registry's defaults. */
  severities?: Partial<Record<RuleId, Severity>>;
  /**
   * The last day (MM-DD of the year after the reporting year) by which each kind of organ
   * publishes. 条例第四十九条: departments by 31 January, county-level-or-higher people's
   * governments by 31 March; townships and streets are held to 31 January by local rule.
   * `unknown` gets the later date so an organ we could not classify is never called late
   * on a guess.
   */
  deadlines: Record<OrganKind, string>;
  risk: {
    /** 公开率 = (予以公开 + 部分公开) / 办理结果总计, flagged below this share… */
    disclosureRateBelow: number;
    /** …when at least this many requests were processed. */
    disclosureMinRequests: number;
    /** 行政复议 结果纠正 / 总计, flagged above this share. */
    reviewCorrectionAbove: number;
  };
  copy: {
    /** Share of this year's narrative shingles found in last year's text. */
    previousYearContainment: number;
    /** Jaccard similarity of two organs' 存在的主要问题及改进情况 in one county-year. */
    peerProblemsJaccard: number;
    /** Texts shorter than this (characters, after normalising) are not compared. */
    minChars: number;
    /** Shingle length in characters. */
    shingle: number;
  };
  outliers: {
    /** The cells watched for jumps. */
    keys: readonly string[];
    /** A value this many times the other one (previous year, or peer median)… */
    ratio: number;
    /** …and at least this large, counts as an outlier. */
    minValue: number;
    /** Peers: only organs of these kinds are compared with each other (alike in size). */
    peerKinds: readonly OrganKind[];
    /** Peers: the ratio to the peer median. */
    peerRatio: number;
    /** Peers: at least this many other organs of the kind with a value. */
    minPeers: number;
  };
}

export const DEFAULT_CONFIG: CheckConfig = {
  deadlines: {
    department: '01-31',
    township: '01-31',
    street: '01-31',
    county_government: '03-31',
    unknown: '03-31',
  },
  risk: { disclosureRateBelow: 0.4, disclosureMinRequests: 30, reviewCorrectionAbove: 0.15 },
  copy: { previousYearContainment: 0.5, peerProblemsJaccard: 0.8, minChars: 60, shingle: 5 },
  outliers: {
    keys: [
      'requests.new.total',
      'active.licensing.decisions',
      'active.punishment.decisions',
      'active.enforcement.decisions',
      'appeals.review.total',
    ],
    ratio: 10,
    minValue: 30,
    peerKinds: ['township', 'street'],
    peerRatio: 20,
    minPeers: 5,
  },
};

/** How messages name each kind of organ. */
export const ORGAN_KIND_LABEL: Record<OrganKind, string> = {
  township: '乡镇',
  street: '街道',
  department: '县直部门',
  county_government: '县级人民政府',
  unknown: '未识别类型的单位',
};
