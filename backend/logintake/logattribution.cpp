#include "logattribution.h"

#include "intakerecord.h"

namespace {

// One instance of a service's that the record points to, or null when it does not single one out.
const InstanceDirectory::Entry *pickInstance(
    const QList<InstanceDirectory::Entry> &entries, const QString &hostname, const QString &sender)
{
    if (entries.size() == 1)
        return &entries.front();
    const auto unique = [&](auto matches) -> const InstanceDirectory::Entry * {
        const InstanceDirectory::Entry *found = nullptr;
        for (const auto &entry : entries) {
            if (!matches(entry))
                continue;
            if (found)
                return nullptr; // two fit: say nothing rather than guess
            found = &entry;
        }
        return found;
    };
    if (!hostname.isEmpty()) {
        if (const auto *byHost = unique([&](const auto &entry) {
                return entry.id.compare(hostname, Qt::CaseInsensitive) == 0
                    || entry.address.compare(hostname, Qt::CaseInsensitive) == 0;
            }))
            return byHost;
    }
    if (!sender.isEmpty())
        return unique([&](const auto &entry) { return entry.address == sender; });
    return nullptr;
}

LogAttribution::Result ofService(const QString &service, const InstanceDirectory::Snapshot &directory,
    const QString &hostname, const QString &sender)
{
    LogAttribution::Result result { service, {}, true };
    if (const auto *entries = directory.service(service)) {
        if (!entries->isEmpty())
            result.service = entries->front().service; // the registry's spelling
        if (const auto *entry = pickInstance(*entries, hostname, sender))
            result.instance = entry->id;
    }
    return result;
}

} // namespace

namespace LogAttribution {

Result attribute(const IntakeRecord &record, const InstanceDirectory::Snapshot &directory, const QString &sender)
{
    const QString service
        = !record.service.isEmpty() ? record.service : record.structured.value(QStringLiteral("service"));
    const QString instance
        = !record.instance.isEmpty() ? record.instance : record.structured.value(QStringLiteral("instance"));
    if (!instance.isEmpty()) {
        const auto *entry = directory.instance(instance);
        // A sender that names an instance the registry does not know is still taken at its word.
        const QString named = !service.isEmpty() ? service
            : entry                              ? entry->service
            : !record.appName.isEmpty()          ? record.appName
                                                 : instance;
        return { named, entry ? entry->id : instance, true };
    }
    if (!service.isEmpty())
        return ofService(service, directory, record.hostname, sender);

    for (const auto *name : { &record.appName, &record.hostname }) {
        if (name->isEmpty())
            continue;
        if (const auto *entry = directory.instance(*name))
            return { entry->service, entry->id, true };
    }
    for (const auto *name : { &record.appName, &record.hostname }) {
        if (!name->isEmpty() && directory.service(*name))
            return ofService(*name, directory, record.hostname, sender);
    }
    const QString fallback = !record.appName.isEmpty() ? record.appName
        : !record.hostname.isEmpty()                   ? record.hostname
                                                       : sender;
    return { fallback, {}, false };
}

} // namespace LogAttribution
