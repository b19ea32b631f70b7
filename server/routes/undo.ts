/** Undo through the history: a correction (its value before comes back, both kept) and a flag decision (the flag is open again). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UndoError, undoCorrection } from '../corrections/undo.ts';
import { FlagDecisionError } from '../flags/review.ts';
import { undoDecision } from '../flags/write.ts';
import { refused } from '../plugins/errors.ts';
import { IdParams, Type, errorResponses } from '../schemas/common.ts';
import { FlagView } from '../schemas/flags.ts';
import { UndoBody, UndoCorrectionResult } from '../schemas/reports.ts';
import { actionBy } from './scope.ts';

const asApiError = (e: unknown): unknown =>
  e instanceof UndoError || e instanceof FlagDecisionError ? refused(e) : e;

const undoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/reports/:id/corrections/:correctionId/undo', {
    preHandler: app.requireAdmin,
    preValidation: async (request) => { request.body ??= {}; },
    schema: {
      tags: ['reports'], summary: '撤销一处更正：恢复更正前的值，两条记录都保留（管理员）', security: [{ admin: [] }],
      params: Type.Object({ ...IdParams.properties, correctionId: Type.Integer({ minimum: 1 }) }), body: UndoBody,
      response: { 200: UndoCorrectionResult, ...errorResponses },
    },
  }, async (request) => {
    const { id, correctionId } = request.params;
    try {
      return await undoCorrection(app.db, id, correctionId, actionBy(request.body, false));
    } catch (e) {
      throw asApiError(e);
    }
  });

  app.post('/flags/:id/decision/undo', {
    preHandler: app.requireAdmin,
    preValidation: async (request) => { request.body ??= {}; },
    schema: {
      tags: ['flags'], summary: '撤销核查结论：提示重新待核查，原结论保留在记录中（管理员）', security: [{ admin: [] }], params: IdParams, body: UndoBody,
      response: { 200: FlagView, ...errorResponses },
    },
  }, async (request) => {
    try {
      return await undoDecision(app.db, request.params.id, actionBy(request.body, false));
    } catch (e) {
      throw asApiError(e);
    }
  });
};

export default undoRoutes;
