// The bare Socket.IO server in a process of its own, for figures that read a server's memory
// (`idle sockets`): prints {"url": …} once listening and runs until it is killed.
import { bareServer } from '../bare';

const { url } = await bareServer();
process.stdout.write(`${JSON.stringify({ url })}\n`);
