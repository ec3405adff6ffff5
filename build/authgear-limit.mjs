// Authgear's limit on a hook file: the portal refuses to save a resource over
// 100 KiB (authgear-server pkg/portal/appresource/manager.go,
// ConfigFileMaxSize), counted as the admin configures the file. The size
// test, the bench and the configurator's hand-over all measure against it.

/** In bytes. */
export const HOOK_FILE_LIMIT = 102400;
