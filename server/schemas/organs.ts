import { FormatQuery, Limit, NullableInt, NullableString, Offset, OrganKind, OrganScope, ReportStatus, Type, paged } from './common.ts';

export const CountyRow = Type.Object({
  id: Type.Integer(), name: Type.String(), organs: Type.Integer(), reports: Type.Integer(), years: Type.Array(Type.Integer()),
});
export const CountiesResponse = paged(CountyRow);

export const OrganRow = Type.Object({
  id: Type.Integer(), countyId: NullableInt, county: NullableString, name: Type.String(), fullName: Type.String(),
  kind: OrganKind, inRegistry: Type.Boolean(), aliases: Type.Array(Type.String()), reports: Type.Integer(), years: Type.Array(Type.Integer()),
});
export const OrgansQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50, description: 'part of the name, full name or an alias (e.g. 羊山)' })),
  ...OrganScope,
  limit: Limit(), offset: Offset, format: FormatQuery,
});
export const OrgansResponse = paged(OrganRow);
export const OrganDetail = Type.Intersect([OrganRow, Type.Object({
  reportList: Type.Array(Type.Object({ id: Type.Integer(), year: Type.Integer(), status: ReportStatus, published: NullableString })),
})]);

export const YearsQuery = Type.Object({
  county: Type.Optional(Type.Integer({ minimum: 1 })), organ: Type.Optional(Type.Integer({ minimum: 1 })), format: FormatQuery,
});
export const YearRow = Type.Object({ year: Type.Integer(), reports: Type.Integer(), organs: Type.Integer() });
export const YearsResponse = paged(YearRow);
export const CountiesQuery = Type.Object({ format: FormatQuery });

export const RegistryImportResult = Type.Object({
  rows: Type.Integer({ description: 'organs read from the file' }), added: Type.Integer(), updated: Type.Integer(), encoding: Type.String(),
  problems: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), { description: 'lines not imported, and why' }),
});

export const MergeBody = Type.Object({
  into: Type.Integer({ minimum: 1, description: 'the organ that stays' }), reason: Type.String({ maxLength: 2000 }), author: Type.Optional(Type.String({ maxLength: 100 })),
});
export const MergeResult = Type.Object({
  into: Type.Integer(), moved: Type.Array(Type.Integer(), { description: 'reports moved from the merged organ' }),
  retired: Type.Array(Type.Integer(), { description: 'reports in force that became history (two in force for one year: the newest stays)' }),
});
