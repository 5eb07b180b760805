#pragma once

struct AppOptions;

// The two ways Flightdeck runs. Both start the same embedded fleet; they differ only in who watches it.
int runHeadless(const AppOptions &options);
int runGui(const AppOptions &options);
