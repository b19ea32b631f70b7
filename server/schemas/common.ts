/**
 * Shared schema pieces. TypeBox from the type provider's own re-export, so `Static` types and
 * the route handlers' inferred types come from the same TypeBox the provider uses.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from '@fastify/type-provider-typebox';
import { FLAG_STATES, ORGAN_KINDS, REPORT_STATUSES, SEVERITIES } from '../../shared/enums.ts';

export { Type };
export type { Static };

export const MAX_PAGE = 500;

export const ErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
}, { $id: 'ApiError' });

/**
 * `nullable: true` rather than `anyOf [T, null]`: fast-json-stringify serialises an `anyOf` by
 * running an Ajv validator on every value to pick the branch (most of the time of a 60-metric
 * response); with `nullable` it is a null check. Ajv validates `nullable` too (OpenAPI keyword).
 */
export const Nullable = <T extends TSchema>(s: T) => Type.Unsafe<Static<T> | null>({ ...s, nullable: true });
export const NullableNumber = Nullable(Type.Number());
export const NullableString = Nullable(Type.String());
export const NullableInt = Nullable(Type.Integer());

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'numeric id' }) });

export const Year = Type.Integer({ minimum: 1990, maximum: 2100 });
export const FormatQuery = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv: same rows as CSV (also: .csv suffix)' }));
export const Limit = (max = MAX_PAGE) => Type.Optional(Type.Integer({ minimum: 1, maximum: max, default: 50 }));
export const Offset = Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }));
export const Order = Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')]));
export const Filters = Type.Optional(Type.Array(Type.String({ maxLength: 200 }), {
  maxItems: 10, description: 'value filters: metric>n, metric<n, metric=n, >=, <=, !=, or metric=blank',
}));
export const CountyId = Type.Optional(Type.Integer({ minimum: 1, description: 'county id (/api/counties)' }));
/**
 * A string from a fixed list, typed as the union: an `enum` rather than a union of literals, so a
 * 400 lists the allowed values and a response serialises it as a plain string (no anyOf).
 */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

export const OrganKind = StringEnum(ORGAN_KINDS);
export const Severity = StringEnum(SEVERITIES);
export const FlagState = StringEnum(FLAG_STATES);
export const ReportStatus = StringEnum(REPORT_STATUSES);
/** Repeatable (kind=township&kind=street): several kinds are ORed. */
export const Kinds = Type.Optional(Type.Array(OrganKind, {
  maxItems: ORGAN_KINDS.length, description: `organ kinds, repeatable: ${ORGAN_KINDS.join(', ')}`,
}));
/**
 * Which organs a list or an aggregate covers: the same two parameters, spelled once, on every
 * aggregate route (aggregates, total, trends, compare) and on organs.
 */
export const OrganScope = { county: CountyId, kind: Kinds };

export const MetricsSpec = Type.Optional(Type.String({ maxLength: 8000, description: 'dashboard, summary, all, or a comma list of metric ids (default: dashboard on /aggregates, summary elsewhere)' }));

/**
 * `{metricId: number | null}`: typed `additionalProperties`, not `Type.Record` (whose
 * `patternProperties` makes the serialiser test a RegExp on every key).
 */
export const Values = Type.Unsafe<Record<string, number | null>>({ type: 'object', additionalProperties: { type: 'number', nullable: true } });
/** A template section's table: row -> column -> number | null. */
export const Table = Type.Unsafe<Record<string, Record<string, number | null>>>({
  type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'number', nullable: true } },
});

export const errorResponses = {
  400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 429: ErrorSchema, 500: ErrorSchema,
};

export const paged = <T extends TSchema>(row: T) => Type.Object({
  rows: Type.Array(row), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
});
