#pragma once

struct AppOptions;

// --export-report FILE: a report of the recorded history in the data dir (PDF, HTML, CSV or JSON). Starts no
// fleet and needs no display (charts render offscreen). Returns the process exit code: 0 written, 1 nothing
// to report or the file could not be written (no file is left behind).
int runExportReport(const AppOptions &options);
