import type { QuarryBridge } from '../../src-shared/bridge';
import type { AnswerEvent, AnswerEventType, QuarryClient } from './client';
import { unwrapEnvelope } from './envelope';

const answerEventTypes: readonly AnswerEventType[] = ['answer.token', 'answer.done', 'answer.error'];

/** The client inside Electron: contract calls and events over the preload bridge, files by path. */
export function createDesktopClient(bridge: QuarryBridge): QuarryClient {
  const client: QuarryClient = {
    mode: 'desktop',
    async call(channel, input) {
      return unwrapEnvelope(await bridge.invoke(channel, input));
    },
    on: (type, listener) => bridge.on(type, listener),
    async streamAnswer(input, onEvent) {
      // Events can arrive before the call returns the answer's id: hold them until it is known.
      let answerId: string | undefined;
      const early: AnswerEvent[] = [];
      const stops: (() => void)[] = [];
      const stopAll = () => stops.splice(0).forEach((stop) => stop());
      const deliver = (event: AnswerEvent) => {
        if (answerId === undefined) return void early.push(event);
        if (event.payload.answerId !== answerId) return;
        onEvent(event);
        if (event.type !== 'answer.token') stopAll();
      };
      for (const type of answerEventTypes) {
        stops.push(bridge.on(type, (payload) => deliver({ type, payload } as AnswerEvent)));
      }
      try {
        const started = await client.call('answer.ask', input);
        answerId = started.answerId;
        for (const event of early.splice(0)) deliver(event);
        return started;
      } catch (error) {
        stopAll();
        throw error;
      }
    },
    async addFiles(files, collection) {
      const paths = files.map((file) => bridge.pathForFile(file)).filter((path) => path !== '');
      return client.call('library.ingest', { paths, collection });
    },
  };
  return client;
}
