// A worker thread for the SerialWorker tests (test/readers/serial-worker.test.ts): a job's text
// says what the thread does with it: 'die' ends the thread, 'hang' never answers, anything else
// comes back upper-cased. Takes single jobs and batches (`{ batch: [...] }`), as prepare-worker.mjs.
import { parentPort } from 'node:worker_threads';

const answer = ({ id, text }) => {
  if (text === 'die') process.exit(3);
  if (text === 'hang') for (;;);
  return { id, text: text.toUpperCase(), messages: 1 };
};

parentPort.on('message', (message) => {
  if (!message.batch) return parentPort.postMessage(answer(message));
  parentPort.postMessage({ batch: message.batch.map((one) => ({ ...answer(one), messages: message.batch.length })) });
});
