#pragma once

#include "alertrule.h"

#include <QList>

struct DefaultRuleOptions
{
    int cartInstances = 3; // how many cart instances the embedded fleet runs
};

// The rules a fresh data dir starts with, tuned for the embedded fleet: the cart and catalog error ratio
// and p99 latency, instances that stop answering scrapes, fewer cart instances than configured, and a
// registry that is gone.
namespace DefaultRules {
QList<AlertRule> create(const DefaultRuleOptions &options = {});
}
