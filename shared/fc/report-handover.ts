// A run that hands over more than one report (a GitOps catch-up round after the branch moved): each is stored
// once the next one arrives, the last one by reportStore after the run. An earlier report's failed store must
// not reach the engine: it comes after the later round's writes, which stand (their report and commit status
// too); it fails the invocation once the last report is stored, so FC retries it.
import type { MiddlewareObj } from '@middy/core';
import { messageOf, rawCode } from '../errors/index.ts';
import type { Report } from '../report/model.ts';
import type { FcInput } from './fc-event.ts';
import type { FcHandlerContext } from './handler.ts';
import type { ReportFlush } from './report-store.ts';
import type { FcContext } from './types.ts';

export function reportHandover(reports: ReportFlush) {
  const unstored = new WeakMap<object, unknown>();
  /** The engine's hook: keeps `report` as the run's report, storing the one kept before it first. */
  const keep = (ctx: FcHandlerContext) => async (report: Report) => {
    if (ctx.ossedge.report) {
      await reports.flush(ctx).catch((e: unknown) => {
        ctx.ossedge.log.error('report not stored', { code: rawCode(e) ?? 'ERROR', message: messageOf(e) });
        if (!unstored.has(ctx)) unstored.set(ctx, e);
      });
    }
    ctx.ossedge.report = report;
  };
  /** Placed before reportStore in `use` (so its `after` runs once the last report is stored). */
  const middleware: MiddlewareObj<FcInput, unknown, Error, FcContext> = {
    name: 'earlierReports',
    after: ({ context }) => {
      const e = unstored.get(context);
      unstored.delete(context);
      if (e !== undefined) throw e;
    },
  };
  return { keep, middleware };
}
