// A plugin that cannot be used: not found, throws on import, exports no rules, bad meta, a colliding id. Exit code 2.

export class PluginError extends Error {
  override name = 'PluginError';

  constructor(
    /** The plugin as the user named it. */
    readonly plugin: string,
    /** What is wrong, without the plugin's name. */
    readonly reason: string,
  ) {
    super(`plugin "${plugin}": ${reason}`);
  }

  /** The one-line form printed on stderr. */
  oneLine(): string {
    return this.message.replace(/[\r\n]+/g, ' ');
  }
}
