/**
 * Initial schema. Frozen: an applied migration is never edited, and it imports nothing from
 * the application (the report_value columns are the template's 200 cells, listed as of today).
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './columns.ts';

const VALUE_COLUMNS = [
  'active__regulations__issued',
  'active__regulations__repealed',
  'active__regulations__in_force',
  'active__normative_documents__issued',
  'active__normative_documents__repealed',
  'active__normative_documents__in_force',
  'active__licensing__decisions',
  'active__punishment__decisions',
  'active__enforcement__decisions',
  'active__fees__amount_wan_yuan',
  'requests__new__natural_person',
  'requests__new__commercial',
  'requests__new__research',
  'requests__new__nonprofit',
  'requests__new__legal_services',
  'requests__new__other_org',
  'requests__new__total',
  'requests__carried_over__natural_person',
  'requests__carried_over__commercial',
  'requests__carried_over__research',
  'requests__carried_over__nonprofit',
  'requests__carried_over__legal_services',
  'requests__carried_over__other_org',
  'requests__carried_over__total',
  'requests__granted__natural_person',
  'requests__granted__commercial',
  'requests__granted__research',
  'requests__granted__nonprofit',
  'requests__granted__legal_services',
  'requests__granted__other_org',
  'requests__granted__total',
  'requests__partially_granted__natural_person',
  'requests__partially_granted__commercial',
  'requests__partially_granted__research',
  'requests__partially_granted__nonprofit',
  'requests__partially_granted__legal_services',
  'requests__partially_granted__other_org',
  'requests__partially_granted__total',
  'requests__denied_state_secret__natural_person',
  'requests__denied_state_secret__commercial',
  'requests__denied_state_secret__research',
  'requests__denied_state_secret__nonprofit',
  'requests__denied_state_secret__legal_services',
  'requests__denied_state_secret__other_org',
  'requests__denied_state_secret__total',
  'requests__denied_prohibited_by_law__natural_person',
  'requests__denied_prohibited_by_law__commercial',
  'requests__denied_prohibited_by_law__research',
  'requests__denied_prohibited_by_law__nonprofit',
  'requests__denied_prohibited_by_law__legal_services',
  'requests__denied_prohibited_by_law__other_org',
  'requests__denied_prohibited_by_law__total',
  'requests__denied_security_stability__natural_person',
  'requests__denied_security_stability__commercial',
  'requests__denied_security_stability__research',
  'requests__denied_security_stability__nonprofit',
  'requests__denied_security_stability__legal_services',
  'requests__denied_security_stability__other_org',
  'requests__denied_security_stability__total',
  'requests__denied_third_party__natural_person',
  'requests__denied_third_party__commercial',
  'requests__denied_third_party__research',
  'requests__denied_third_party__nonprofit',
  'requests__denied_third_party__legal_services',
  'requests__denied_third_party__other_org',
  'requests__denied_third_party__total',
  'requests__denied_internal_affairs__natural_person',
  'requests__denied_internal_affairs__commercial',
  'requests__denied_internal_affairs__research',
  'requests__denied_internal_affairs__nonprofit',
  'requests__denied_internal_affairs__legal_services',
  'requests__denied_internal_affairs__other_org',
  'requests__denied_internal_affairs__total',
  'requests__denied_process_info__natural_person',
  'requests__denied_process_info__commercial',
  'requests__denied_process_info__research',
  'requests__denied_process_info__nonprofit',
  'requests__denied_process_info__legal_services',
  'requests__denied_process_info__other_org',
  'requests__denied_process_info__total',
  'requests__denied_enforcement_file__natural_person',
  'requests__denied_enforcement_file__commercial',
  'requests__denied_enforcement_file__research',
  'requests__denied_enforcement_file__nonprofit',
  'requests__denied_enforcement_file__legal_services',
  'requests__denied_enforcement_file__other_org',
  'requests__denied_enforcement_file__total',
  'requests__denied_admin_query__natural_person',
  'requests__denied_admin_query__commercial',
  'requests__denied_admin_query__research',
  'requests__denied_admin_query__nonprofit',
  'requests__denied_admin_query__legal_services',
  'requests__denied_admin_query__other_org',
  'requests__denied_admin_query__total',
  'requests__unable_not_held__natural_person',
  'requests__unable_not_held__commercial',
  'requests__unable_not_held__research',
  'requests__unable_not_held__nonprofit',
  'requests__unable_not_held__legal_services',
  'requests__unable_not_held__other_org',
  'requests__unable_not_held__total',
  'requests__unable_needs_creation__natural_person',
  'requests__unable_needs_creation__commercial',
  'requests__unable_needs_creation__research',
  'requests__unable_needs_creation__nonprofit',
  'requests__unable_needs_creation__legal_services',
  'requests__unable_needs_creation__other_org',
  'requests__unable_needs_creation__total',
  'requests__unable_unclear__natural_person',
  'requests__unable_unclear__commercial',
  'requests__unable_unclear__research',
  'requests__unable_unclear__nonprofit',
  'requests__unable_unclear__legal_services',
  'requests__unable_unclear__other_org',
  'requests__unable_unclear__total',
  'requests__rejected_petition__natural_person',
  'requests__rejected_petition__commercial',
  'requests__rejected_petition__research',
  'requests__rejected_petition__nonprofit',
  'requests__rejected_petition__legal_services',
  'requests__rejected_petition__other_org',
  'requests__rejected_petition__total',
  'requests__rejected_duplicate__natural_person',
  'requests__rejected_duplicate__commercial',
  'requests__rejected_duplicate__research',
  'requests__rejected_duplicate__nonprofit',
  'requests__rejected_duplicate__legal_services',
  'requests__rejected_duplicate__other_org',
  'requests__rejected_duplicate__total',
  'requests__rejected_publication__natural_person',
  'requests__rejected_publication__commercial',
  'requests__rejected_publication__research',
  'requests__rejected_publication__nonprofit',
  'requests__rejected_publication__legal_services',
  'requests__rejected_publication__other_org',
  'requests__rejected_publication__total',
  'requests__rejected_mass_repeated__natural_person',
  'requests__rejected_mass_repeated__commercial',
  'requests__rejected_mass_repeated__research',
  'requests__rejected_mass_repeated__nonprofit',
  'requests__rejected_mass_repeated__legal_services',
  'requests__rejected_mass_repeated__other_org',
  'requests__rejected_mass_repeated__total',
  'requests__rejected_confirm_existing__natural_person',
  'requests__rejected_confirm_existing__commercial',
  'requests__rejected_confirm_existing__research',
  'requests__rejected_confirm_existing__nonprofit',
  'requests__rejected_confirm_existing__legal_services',
  'requests__rejected_confirm_existing__other_org',
  'requests__rejected_confirm_existing__total',
  'requests__other_no_correction__natural_person',
  'requests__other_no_correction__commercial',
  'requests__other_no_correction__research',
  'requests__other_no_correction__nonprofit',
  'requests__other_no_correction__legal_services',
  'requests__other_no_correction__other_org',
  'requests__other_no_correction__total',
  'requests__other_no_fee__natural_person',
  'requests__other_no_fee__commercial',
  'requests__other_no_fee__research',
  'requests__other_no_fee__nonprofit',
  'requests__other_no_fee__legal_services',
  'requests__other_no_fee__other_org',
  'requests__other_no_fee__total',
  'requests__other_other__natural_person',
  'requests__other_other__commercial',
  'requests__other_other__research',
  'requests__other_other__nonprofit',
  'requests__other_other__legal_services',
  'requests__other_other__other_org',
  'requests__other_other__total',
  'requests__processed_total__natural_person',
  'requests__processed_total__commercial',
  'requests__processed_total__research',
  'requests__processed_total__nonprofit',
  'requests__processed_total__legal_services',
  'requests__processed_total__other_org',
  'requests__processed_total__total',
  'requests__carried_forward__natural_person',
  'requests__carried_forward__commercial',
  'requests__carried_forward__research',
  'requests__carried_forward__nonprofit',
  'requests__carried_forward__legal_services',
  'requests__carried_forward__other_org',
  'requests__carried_forward__total',
  'appeals__review__upheld',
  'appeals__review__corrected',
  'appeals__review__other',
  'appeals__review__pending',
  'appeals__review__total',
  'appeals__litigation_direct__upheld',
  'appeals__litigation_direct__corrected',
  'appeals__litigation_direct__other',
  'appeals__litigation_direct__pending',
  'appeals__litigation_direct__total',
  'appeals__litigation_after_review__upheld',
  'appeals__litigation_after_review__corrected',
  'appeals__litigation_after_review__other',
  'appeals__litigation_after_review__pending',
  'appeals__litigation_after_review__total',
];

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('county')
    .addColumn('id', 'integer', t.id)
    .addColumn('name', t.text, (c) => c.notNull().unique())
    .execute();

  await db.schema
    .createTable('organ')
    .addColumn('id', 'integer', t.id)
    .addColumn('county_id', 'integer', (c) => c.references('county.id'))
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('full_name', t.text, (c) => c.notNull())
    .addColumn('kind', t.text, (c) => c.notNull())
    .addColumn('in_registry', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.createdAtType, t.createdAt)
    .execute();
  await db.schema.createIndex('organ_county_name').on('organ').columns(['county_id', 'name']).unique().execute();
  await db.schema.createIndex('organ_name').on('organ').column('name').execute();

  await db.schema
    .createTable('organ_alias')
    .addColumn('id', 'integer', t.id)
    .addColumn('organ_id', 'integer', (c) => c.notNull().references('organ.id').onDelete('cascade'))
    .addColumn('alias', t.text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organ_alias_unique').on('organ_alias').columns(['organ_id', 'alias']).unique().execute();
  await db.schema.createIndex('organ_alias_alias').on('organ_alias').column('alias').execute();

  await db.schema
    .createTable('document')
    .addColumn('id', 'integer', t.id)
    .addColumn('sha256', t.text, (c) => c.notNull().unique())
    .addColumn('file_name', t.text, (c) => c.notNull())
    .addColumn('format', t.text, (c) => c.notNull())
    .addColumn('extraction', t.text, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', t.blob, (c) => c.notNull())
    .addColumn('text', t.text, (c) => c.notNull())
    .addColumn('received_at', t.createdAtType, t.createdAt)
    .addColumn('received_via', t.text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report')
    .addColumn('id', 'integer', t.id)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('document.id'))
    .addColumn('organ_id', 'integer', (c) => c.notNull().references('organ.id'))
    .addColumn('county_id', 'integer', (c) => c.references('county.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('organ_printed', t.text, (c) => c.notNull())
    .addColumn('published', t.text)
    .addColumn('published_source', t.text)
    .addColumn('template', t.text, (c) => c.notNull())
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('deleted_at', t.text)
    .addColumn('headings', t.text, (c) => c.notNull())
    .addColumn('overview', t.text)
    .addColumn('problems', t.text)
    .addColumn('other', t.text)
    .addColumn('created_at', t.createdAtType, t.createdAt)
    .execute();
  await db.schema.createIndex('report_year_county').on('report').columns(['year', 'county_id', 'current']).execute();
  await db.schema.createIndex('report_organ_year').on('report').columns(['organ_id', 'year', 'current']).execute();
  await db.schema.createIndex('report_document').on('report').column('document_id').execute();

  await db.schema
    .createTable('cell')
    .addColumn('report_id', 'integer', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('key', t.text, (c) => c.notNull())
    .addColumn('parsed', t.real)
    .addColumn('value', t.real)
    .addColumn('review', t.text)
    .addColumn('line', 'integer')
    .addColumn('corrected', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('cell_pk', ['report_id', 'key'])
    .execute();

  await db.schema
    .createTable('correction')
    .addColumn('id', 'integer', t.id)
    .addColumn('report_id', 'integer', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('key', t.text, (c) => c.notNull())
    .addColumn('value', t.real)
    .addColumn('reason', t.text, (c) => c.notNull())
    .addColumn('author', t.text, (c) => c.notNull())
    .addColumn('created_at', t.createdAtType, t.createdAt)
    .execute();
  await db.schema.createIndex('correction_report').on('correction').columns(['report_id', 'key']).execute();

  await db.schema
    .createTable('flag')
    .addColumn('id', 'integer', t.id)
    .addColumn('identity', t.text, (c) => c.notNull())
    .addColumn('fingerprint', t.text, (c) => c.notNull())
    .addColumn('rule', t.text, (c) => c.notNull())
    .addColumn('severity', t.text, (c) => c.notNull())
    .addColumn('message', t.text, (c) => c.notNull())
    .addColumn('report_id', 'integer', (c) => c.references('report.id').onDelete('cascade'))
    .addColumn('organ_id', 'integer', (c) => c.references('organ.id'))
    .addColumn('county_id', 'integer', (c) => c.references('county.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('cells', t.text, (c) => c.notNull())
    .addColumn('detail', t.text, (c) => c.notNull())
    .addColumn('created_at', t.createdAtType, t.createdAt)
    .execute();
  await db.schema.createIndex('flag_identity').on('flag').column('identity').unique().execute();
  await db.schema.createIndex('flag_report').on('flag').column('report_id').execute();
  await db.schema.createIndex('flag_year_county').on('flag').columns(['year', 'county_id', 'rule']).execute();
  await db.schema.createIndex('flag_organ_year').on('flag').columns(['organ_id', 'year']).execute();

  await db.schema
    .createTable('flag_decision')
    .addColumn('id', 'integer', t.id)
    .addColumn('identity', t.text, (c) => c.notNull())
    .addColumn('fingerprint', t.text, (c) => c.notNull())
    .addColumn('state', t.text, (c) => c.notNull())
    .addColumn('reason', t.text, (c) => c.notNull())
    .addColumn('author', t.text, (c) => c.notNull())
    .addColumn('created_at', t.createdAtType, t.createdAt)
    .execute();
  await db.schema.createIndex('flag_decision_identity').on('flag_decision').column('identity').execute();

  let values = db.schema
    .createTable('report_value')
    .addColumn('report_id', 'integer', (c) => c.primaryKey().references('report.id').onDelete('cascade'));
  for (const column of VALUE_COLUMNS) values = values.addColumn(column, t.real);
  await values.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_value', 'flag_decision', 'flag', 'correction', 'cell', 'report', 'document', 'organ_alias', 'organ', 'county']) {
    await db.schema.dropTable(table).execute();
  }
}
