import { COVERAGE_STATUSES } from '../../shared/enums.ts';
import { Filters, FlagState, FormatQuery, Limit, NullableInt, NullableNumber, NullableString, Offset, OrganKind, Severity, StringEnum, Type } from './common.ts';

const Decision = Type.Union([Type.Object({ state: StringEnum(['confirmed', 'dismissed'] as const), reason: Type.String(), author: Type.String(), at: Type.String() }), Type.Null()]);

export const FlagView = Type.Object({
  id: Type.Integer(), rule: Type.String(), title: Type.String(), severity: Severity, message: Type.String(),
  reportId: NullableInt, organId: NullableInt, organ: NullableString, countyId: NullableInt, county: NullableString, year: Type.Integer(),
  cells: Type.Array(Type.Object({ key: Type.String(), value: NullableNumber, expected: Type.Optional(NullableNumber) }, { additionalProperties: true })),
  detail: Type.Record(Type.String(), Type.Unknown()),
  state: FlagState, decision: Decision, outdatedDecision: Decision,
});


export const FlagsQuery = Type.Object({
  rule: Type.Optional(Type.String({ maxLength: 60 })), severity: Type.Optional(Severity), state: Type.Optional(FlagState),
  county: Type.Optional(Type.Integer({ minimum: 1 })), organ: Type.Optional(Type.Integer({ minimum: 1 })),
  year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })), report: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Limit(1000), offset: Offset, format: FormatQuery,
});
export const FlagsResponse = Type.Object({ rows: Type.Array(FlagView), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const FlagSummaryQuery = Type.Object({
  county: Type.Optional(Type.Integer({ minimum: 1 })), year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })),
  state: Type.Optional(FlagState), format: FormatQuery,
});
export const FlagSummaryResponse = Type.Object({
  byRule: Type.Array(Type.Object({ rule: Type.String(), title: Type.String(), severity: Severity, count: Type.Integer() })),
  byOrgan: Type.Array(Type.Object({ organId: NullableInt, organ: NullableString, error: Type.Integer(), warning: Type.Integer(), info: Type.Integer(), total: Type.Integer() })),
  matrix: Type.Array(Type.Object({ organId: NullableInt, organ: NullableString, rule: Type.String(), count: Type.Integer() })),
});

export const DecisionBody = Type.Object({
  state: Type.Union([Type.Literal('confirmed'), Type.Literal('dismissed')]),
  reason: Type.String({ minLength: 1, maxLength: 2000 }), author: Type.String({ minLength: 1, maxLength: 100 }),
});

export const CoverageQuery = Type.Object({
  year: Type.Integer({ minimum: 1990, maximum: 2100 }), county: Type.Optional(Type.Integer({ minimum: 1 })), format: FormatQuery,
});
export const CoverageRow = Type.Object({
  organId: Type.Integer(), organ: Type.String(), kind: OrganKind, countyId: NullableInt, county: NullableString, inRegistry: Type.Boolean(),
  reportId: NullableInt, status: StringEnum(COVERAGE_STATUSES), published: NullableString,
});
export const CoverageResponse = Type.Object({ rows: Type.Array(CoverageRow), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export { Filters };
