#pragma once

#include "client/registrydata.h"

#include <QTextBrowser>

// A unified line diff between two versions of a key, as the registry computes it
// (GET /v1/flightdeck/kv-diff/{key}?from=&to=): old and new line numbers in the gutter, removed lines on
// red, added lines on green, unchanged lines plain.
class KvDiffView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit KvDiffView(QWidget *parent = nullptr);

    void setDiff(const QString &key, const KvDiff &diff);
    void showMessage(const QString &message);
    int addedLines() const { return m_added; }
    int removedLines() const { return m_removed; }

private:
    int m_added = 0;
    int m_removed = 0;
};
