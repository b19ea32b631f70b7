/**
 * Shared schema pieces. TypeBox from the type provider's own re-export, so `Static` types and
 * the route handlers' inferred types come from the same TypeBox the provider uses.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from '@fastify/type-provider-typebox';

export { Type };
export type { Static };

export const MAX_PAGE = 500;

export const ErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
}, { $id: 'ApiError' });

export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
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
export const MetricsSpec = Type.Optional(Type.String({ maxLength: 8000, description: 'summary (default), all, or a comma list of metric ids' }));

export const Values = Type.Record(Type.String(), NullableNumber);

export const errorResponses = {
  400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 500: ErrorSchema,
};

export const paged = <T extends TSchema>(row: T) => Type.Object({
  rows: Type.Array(row), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
});
