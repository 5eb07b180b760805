#pragma once

struct AppOptions;

// --export-rules FILE: the alert rules of the data dir (or the defaults when it has none) as a
// Prometheus rule file. Starts no fleet and needs no display. Returns the process exit code.
int runExportRules(const AppOptions &options);
