// `natural` loads dotenv, which prints a banner on import. Imported first by every entry point
// (ES modules evaluate imports before the importing module's own code, so this must be its own module).
if (typeof process !== 'undefined' && process.env) process.env.DOTENV_CONFIG_QUIET ??= 'true';
