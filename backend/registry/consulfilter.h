#pragma once

#include <memory>
#include <QJsonObject>
#include <QString>

// Consul's ?filter= expressions, evaluated on the JSON objects a read route answers, so a selector names
// exactly the fields a client sees (Service, Tags, Meta.env, Service.Port, Checks.Status...):
//   Selector == "value"    Selector != "value"    Selector is empty    Selector is not empty
//   "value" in Selector    "value" not in Selector
//   Selector contains "value"    Selector not contains "value"    Selector matches "regex"
//   not E    E and E    E or E    ( E )
// "in" and "contains" test an element of a list, a key of a map, or a substring of a string; a selector
// through a list (Checks.Status) collects the field of every element. A missing field reads as empty.
class ConsulFilter
{
public:
    struct Node;

    ConsulFilter();
    ~ConsulFilter();
    ConsulFilter(ConsulFilter &&) noexcept;
    ConsulFilter &operator=(ConsulFilter &&) noexcept;

    // An empty text is the filter that matches everything. False with a reason on a syntax error.
    bool parse(const QString &text, QString *error);
    bool matches(const QJsonObject &object) const;

private:
    std::unique_ptr<Node> m_root;
};
