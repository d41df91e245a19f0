import { dropTestTemplate } from './database.ts';

/** Mocha root hooks: clean up what the whole run shared. */
export const mochaHooks = {
  async afterAll() {
    await dropTestTemplate();
  },
};
