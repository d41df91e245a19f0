import { Command } from 'commander';
import { registerAdminCommands } from './commands/admin.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDetectCommand } from './commands/detect.ts';
import { registerImportCommand } from './commands/importCsv.ts';
import { registerImportResponsesCommand } from './commands/importResponses.ts';
import { registerTokenCommands, registerUserCommands } from './commands/token.ts';
import { registerTrackerCommands } from './commands/trackers.ts';
import { reportFailure } from './runtime.ts';

const program = new Command()
  .name('pinchpoint')
  .description('Pinchpoint: log what customers ask about, see where it pinches, follow fixes up.\nConfiguration comes from the environment (see .env.example).')
  .showHelpAfterError()
  // Usage errors come back to reportFailure (exit 64), instead of commander's own exit 1.
  .exitOverride();

registerImportCommand(program);
registerImportResponsesCommand(program);
registerTokenCommands(program);
registerUserCommands(program);
registerDemoCommand(program);
registerDetectCommand(program);
registerAdminCommands(program);
registerTrackerCommands(program);

program.parseAsync(process.argv).catch(reportFailure);
