#include "exportrules.h"

#include "alerting/defaultrules.h"
#include "alerting/promruleexport.h"
#include "alerting/rulefile.h"
#include "appoptions.h"
#include "core/datadir.h"

#include <cstdio>

int runExportRules(const AppOptions &options)
{
    const DataDir dataDir(options.dataDir);
    const auto rulesPath = dataDir.filePath(RuleFile::defaultName());
    QList<AlertRule> rules;
    QString error;
    QString source;
    switch (RuleFile::load(rulesPath, &rules, &error)) {
    case RuleFile::LoadResult::Loaded:
        source = rulesPath;
        break;
    case RuleFile::LoadResult::Missing:
        rules = DefaultRules::create({ options.cartInstances });
        source = QStringLiteral("the default rules");
        break;
    case RuleFile::LoadResult::Invalid:
        std::fprintf(stderr, "flightdeck: %s\n", qPrintable(error));
        return 1;
    }
    if (!PromRuleExport::writeFile(options.exportRulesFile, rules, &error)) {
        std::fprintf(stderr, "flightdeck: %s\n", qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "flightdeck: wrote %lld alert rule(s) from %s to %s\n", static_cast<long long>(rules.size()),
        qPrintable(source), qPrintable(options.exportRulesFile));
    return 0;
}
