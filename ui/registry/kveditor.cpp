#include "kveditor.h"

#include "client/registryclient.h"
#include "common/confirmation.h"
#include "common/paneltables.h"
#include "common/statuslabel.h"
#include "common/tablecolumns.h"
#include "kvdiffview.h"
#include "kvhistorymodel.h"
#include "kvkeymodel.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

KvEditor::KvEditor(RegistryClient *registry, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_keys(new KvKeyModel(this))
    , m_history(new KvHistoryModel(this))
    , m_timer(new QTimer(this))
{
    build();
}

void KvEditor::build()
{
    setObjectName(QStringLiteral("kvEditor"));
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *create = toolbar->addAction(tr("New Key…"), this, [this] {
        bool ok = false;
        const auto key = QInputDialog::getText(this, tr("New Key"), tr("Key (for example app/feature-flags):"),
            QLineEdit::Normal,
            m_key.contains(QLatin1Char('/')) ? m_key.section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') : QString(),
            &ok);
        if (ok && !key.trimmed().isEmpty())
            newKey(key.trimmed());
    });
    create->setObjectName(QStringLiteral("actionNewKey"));
    m_saveAction = toolbar->addAction(tr("Save"), this, &KvEditor::save);
    m_saveAction->setObjectName(QStringLiteral("actionSaveKey"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_reloadAction = toolbar->addAction(tr("Revert"), this, &KvEditor::reloadValue);
    m_reloadAction->setObjectName(QStringLiteral("actionReloadKey"));
    m_reloadAction->setToolTip(tr("Discard your edits and show the value as it is on the server"));
    m_deleteAction = toolbar->addAction(tr("Delete"), this, &KvEditor::removeKey);
    m_deleteAction->setObjectName(QStringLiteral("actionDeleteKey"));
    toolbar->addSeparator();
    m_compareAction = toolbar->addAction(tr("Compare"), this, &KvEditor::compareSelected);
    m_compareAction->setObjectName(QStringLiteral("actionCompareVersions"));
    m_compareAction->setToolTip(tr("Diff the two selected versions (or the selected one with the one before it)"));
    m_rollbackAction = toolbar->addAction(tr("Roll Back"), this, &KvEditor::rollbackSelected);
    m_rollbackAction->setObjectName(QStringLiteral("actionRollbackKey"));
    m_rollbackAction->setToolTip(tr("Write the selected version's value again, as a new version"));

    m_keyView = PanelTables::makeTable(m_keys, QStringLiteral("kvKeyView"), this);
    TableColumns::setup(m_keyView, QStringLiteral("kvKeys"),
        { { KvKeyModel::KeyColumn, QStringLiteral("config/checkout/payment-provider-timeout-ms") },
            { KvKeyModel::SizeColumn, QStringLiteral("1023 bytes") },
            { KvKeyModel::IndexColumn, QStringLiteral("99999") } });
    connect(
        m_keyView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
            if (current.isValid())
                selectKey(m_keys->key(current.row()).key);
        });

    m_keyLabel = new QLabel(this);
    m_keyLabel->setObjectName(QStringLiteral("kvKeyLabel"));
    m_keyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_value = new QPlainTextEdit(this);
    m_value->setObjectName(QStringLiteral("kvValueEdit"));
    m_value->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_value->setPlaceholderText(tr("Select a key to edit its value."));
    m_value->setLineWrapMode(QPlainTextEdit::NoWrap);
    connect(m_value, &QPlainTextEdit::textChanged, this, &KvEditor::updateActions);

    m_historyView = PanelTables::makeTable(m_history, QStringLiteral("kvHistoryView"), this);
    m_historyView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    TableColumns::setup(m_historyView, QStringLiteral("kvHistory"),
        { { KvHistoryModel::VersionColumn, QStringLiteral("v999") },
            { KvHistoryModel::TimeColumn, QStringLiteral("2026-12-31 23:59:59") },
            { KvHistoryModel::IndexColumn, QStringLiteral("99999") } });
    connect(m_historyView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KvEditor::updateActions);
    connect(m_historyView, &QTableView::doubleClicked, this, [this] { compareSelected(); });
    m_diff = new KvDiffView(this);

    m_status = new StatusLabel(QStringLiteral("kvStatus"), this);
    m_status->setWordWrap(true);

    auto *editor = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_keyLabel);
    editorLayout->addWidget(m_value, 1);

    auto *historyBox = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(new QLabel(tr("<b>History</b>"), historyBox));
    historyLayout->addWidget(PanelTables::withEmptyState(m_historyView,
                                 new QLabel(tr("Select a key to see its versions."), historyBox), historyBox),
        1);

    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(historyBox);
    lower->addWidget(m_diff);
    lower->setStretchFactor(0, 1);
    lower->setStretchFactor(1, 1);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(editor);
    right->addWidget(lower);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 1);

    auto *keysBox = new QWidget(this);
    auto *keysLayout = new QVBoxLayout(keysBox);
    keysLayout->setContentsMargins(0, 0, 0, 0);
    keysLayout->addWidget(new QLabel(tr("<b>Keys</b>"), keysBox));
    keysLayout->addWidget(PanelTables::withEmptyState(m_keyView,
                              new QLabel(tr("No configuration keys yet.\nCreate one with New Key."), keysBox), keysBox),
        1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(keysBox);
    splitter->addWidget(right);
    // The key list starts as wide as its columns, so key paths read whole; the editor gets the rest.
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    int keysWidth = m_keyView->frameWidth() * 2 + m_keyView->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 4;
    for (int column = 0; column < KvKeyModel::ColumnCount; ++column)
        keysWidth += m_keyView->columnWidth(column);
    splitter->setSizes({ keysWidth, 1000 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    auto *body = new QVBoxLayout;
    body->setContentsMargins(6, 0, 6, 4);
    body->addWidget(splitter, 1);
    body->addWidget(m_status);
    layout->addLayout(body, 1);

    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &KvEditor::refresh);
    m_timer->start();
    m_keyLabel->setText(tr("<b>No key selected</b>"));
    updateActions();
    refresh();
}

void KvEditor::setRefreshInterval(int ms)
{
    m_timer->setInterval(ms);
}

QString KvEditor::statusText() const
{
    return m_status->text();
}

void KvEditor::setStatus(const QString &text, bool error)
{
    m_status->showMessage(text, error);
}

bool KvEditor::isDirty() const
{
    return !m_key.isEmpty() && m_value->toPlainText().toUtf8() != m_loadedValue;
}

QString KvEditor::kvPath(const QString &prefix) const
{
    return prefix + m_key;
}

void KvEditor::updateActions()
{
    const bool key = !m_key.isEmpty();
    m_saveAction->setEnabled(key && !m_writing && (isDirty() || m_loadedIndex == 0));
    m_reloadAction->setEnabled(key && !m_writing && isDirty());
    m_deleteAction->setEnabled(key && !m_writing && m_loadedIndex > 0);
    const auto selected = m_historyView->selectionModel()->selectedRows();
    m_compareAction->setEnabled(key && !selected.isEmpty() && selected.size() <= 2);
    m_rollbackAction->setEnabled(key && !m_writing && selected.size() == 1
        && !m_history->version(selected.first().row()).deleted && selected.first().row() > 0);
}

void KvEditor::refresh()
{
    if (m_listInFlight)
        return;
    m_listInFlight = true;
    const auto generation = m_listRequests.next();
    m_registry->kvList(this, [this, generation](const Reply<QList<KvKeyRow>> &keys) {
        m_listInFlight = false;
        if (!m_listRequests.isLatest(generation))
            return;
        if (!keys.decoded) {
            setStatus(tr("Cannot list keys: %1").arg(keys.errorText()), true);
            return;
        }
        applyKeys(keys.value);
    });
}

void KvEditor::applyKeys(const QList<KvKeyRow> &keys)
{
    m_keys->setKeys(keys);
    Q_EMIT keysLoaded();
    if (m_key.isEmpty())
        return;
    const auto *row = m_keys->find(m_key);
    if (!row) {
        if (m_loadedIndex > 0 && !m_writing) {
            setStatus(tr("Key %1 was deleted on the server.").arg(m_key), true);
            m_loadedIndex = 0;
            loadHistory();
            updateActions();
        }
        return;
    }
    // A key created here (or selected before the list knew it) is selected in the list once it is there,
    // so the operator sees where it went.
    const int index = m_keys->rowOf(m_key);
    if (index >= 0 && m_keyView->currentIndex().row() != index) {
        m_keyView->selectRow(index);
        m_keyView->scrollTo(m_keys->index(index, 0));
    }
    if (row->modifyIndex == m_loadedIndex || m_writing)
        return;
    // The key was written since it was loaded. Follow it unless the operator is editing: never throw
    // their text away; the next save will be refused by CAS and say so.
    if (isDirty() && !m_forceShow) {
        if (!m_conflictKnown) {
            m_conflictKnown = true;
            setStatus(tr("Key %1 was changed by someone else while you were editing it. Revert to see their value; "
                         "Save will be refused.")
                          .arg(m_key),
                true);
        }
    } else {
        showValue(*row);
        m_forceShow = false;
    }
    loadHistory();
}

void KvEditor::selectKey(const QString &key)
{
    if (key == m_key)
        return;
    m_key = key;
    m_forceShow = false;
    m_historyRequests.invalidate();
    m_diffRequests.invalidate();
    const auto *row = m_keys->find(key);
    if (row) {
        showValue(*row);
        const int index = m_keys->rowOf(key);
        if (m_keyView->currentIndex().row() != index)
            m_keyView->selectRow(index);
    } else {
        showValue(KvKeyRow { key, {}, 0, 0, 0 });
    }
    m_history->setVersions({});
    m_diff->showMessage(tr("Select two versions in the history and press Compare."));
    setStatus({});
    loadHistory();
}

void KvEditor::newKey(const QString &key)
{
    m_keyView->clearSelection();
    selectKey(key);
    if (m_keys->find(key))
        setStatus(tr("Key %1 exists; it is shown for editing.").arg(key));
    else
        setStatus(tr("New key %1: enter its value and press Save.").arg(key));
    m_value->setFocus();
}

void KvEditor::showValue(const KvKeyRow &row)
{
    m_loadedValue = row.value;
    m_loadedIndex = row.modifyIndex;
    m_conflictKnown = false;
    const QSignalBlocker blocker(m_value);
    m_value->setPlainText(QString::fromUtf8(row.value));
    m_keyLabel->setText(row.modifyIndex > 0
            ? tr("<b>%1</b> · index %2").arg(row.key.toHtmlEscaped()).arg(row.modifyIndex)
            : tr("<b>%1</b> · new key").arg(row.key.toHtmlEscaped()));
    updateActions();
}

void KvEditor::reloadValue()
{
    if (m_key.isEmpty())
        return;
    const auto *row = m_keys->find(m_key);
    showValue(row ? *row : KvKeyRow { m_key, {}, 0, 0, 0 });
    setStatus(tr("Showing %1 as it is on the server.").arg(m_key));
    refresh();
}

void KvEditor::save()
{
    if (m_key.isEmpty() || m_writing)
        return;
    const auto value = m_value->toPlainText().toUtf8();
    const auto key = m_key;
    const auto startedFrom = m_loadedIndex;
    m_writing = true;
    updateActions();
    setStatus(tr("Saving %1…").arg(key));
    m_registry->kvPut(
        key, value, startedFrom, this, [this, key, value, startedFrom](const Reply<RegistryClient::KvWrite> &answer) {
            m_writing = false;
            const bool stored = answer.decoded && answer.value.stored;
            if (stored) {
                if (key == m_key) {
                    m_loadedValue = value;
                    m_loadedIndex = answer.value.index;
                    m_keyLabel->setText(tr("<b>%1</b> · index %2").arg(key.toHtmlEscaped()).arg(m_loadedIndex));
                    loadHistory();
                }
                setStatus(tr("Saved %1.").arg(key));
            } else if (answer.ok()) {
                if (key == m_key)
                    m_conflictKnown = true;
                setStatus(startedFrom == 0
                        ? tr("Not saved: key %1 was created by someone else meanwhile. Revert to see their value.")
                              .arg(key)
                        : tr(
                            "Not saved: key %1 was changed by someone else since you loaded it (CAS failed). Your text "
                            "is kept; Revert to see the current value.")
                              .arg(key),
                    true);
            } else {
                setStatus(tr("Not saved: %1").arg(answer.errorText()), true);
            }
            updateActions();
            refresh();
            Q_EMIT saved(stored);
        });
}

void KvEditor::removeKey()
{
    if (m_key.isEmpty() || m_writing || m_loadedIndex == 0)
        return;
    const auto key = m_key;
    m_writing = true;
    updateActions();
    m_registry->kvDelete(key, m_loadedIndex, this, [this, key](const Reply<RegistryClient::KvWrite> &answer) {
        m_writing = false;
        if (answer.decoded && answer.value.stored) {
            setStatus(tr("Deleted %1; its history is kept.").arg(key));
            if (key == m_key) {
                m_loadedIndex = 0;
                m_loadedValue.clear();
                loadHistory();
            }
        } else if (answer.ok()) {
            setStatus(tr("Not deleted: key %1 was changed by someone else since you loaded it.").arg(key), true);
        } else {
            setStatus(tr("Not deleted: %1").arg(answer.errorText()), true);
        }
        updateActions();
        refresh();
    });
}

void KvEditor::loadHistory()
{
    if (m_key.isEmpty())
        return;
    const auto key = m_key;
    const auto generation = m_historyRequests.next();
    m_registry->kvHistory(key, this, [this, key, generation](const Reply<QList<KvVersionRow>> &history) {
        if (!m_historyRequests.isLatest(generation) || key != m_key)
            return;
        if (!history.decoded) {
            setStatus(tr("Cannot load the history of %1: %2").arg(key, history.errorText()), true);
            return;
        }
        m_history->setVersions(history.value); // empty for a key never written
        updateActions();
        Q_EMIT historyLoaded(key);
    });
}

void KvEditor::compareSelected()
{
    auto rows = m_historyView->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.size() > 2)
        return;
    quint64 a = m_history->version(rows.first().row()).version;
    quint64 b = rows.size() == 2 ? m_history->version(rows.last().row()).version : (a > 1 ? a - 1 : a);
    compare(std::min(a, b), std::max(a, b));
}

void KvEditor::compare(quint64 fromVersion, quint64 toVersion)
{
    if (m_key.isEmpty())
        return;
    const auto key = m_key;
    const auto generation = m_diffRequests.next();
    m_registry->kvDiff(key, fromVersion, toVersion, this, [this, key, generation](const Reply<KvDiff> &diff) {
        if (!m_diffRequests.isLatest(generation) || key != m_key)
            return;
        if (!diff.decoded) {
            m_diff->showMessage(tr("No diff: %1").arg(diff.errorText()));
            return;
        }
        m_diff->setDiff(key, diff.value);
        Q_EMIT diffLoaded();
    });
}

void KvEditor::rollbackSelected()
{
    const auto rows = m_historyView->selectionModel()->selectedRows();
    if (rows.size() != 1 || m_key.isEmpty())
        return;
    // Rolling back overwrites the current value (as a new version): ask first.
    const auto version = m_history->version(rows.first().row()).version;
    Confirmation::ask(this, QStringLiteral("confirmRollback"), tr("Roll Back Key"),
        tr("Write version %1 of %2 again as its newest version?\n\nThe current value stays in the history.")
            .arg(version)
            .arg(m_key),
        tr("Roll Back"), [this, key = m_key, version] {
            if (key == m_key)
                rollbackTo(version);
        });
}

void KvEditor::rollbackTo(quint64 version)
{
    if (m_key.isEmpty() || m_writing)
        return;
    const auto key = m_key;
    m_writing = true;
    updateActions();
    m_registry->kvRollback(key, version, this, [this, key, version](const Reply<quint64> &answer) {
        m_writing = false;
        if (!answer.decoded) {
            setStatus(tr("Not rolled back: %1").arg(answer.errorText()), true);
            updateActions();
            Q_EMIT rolledBack(false);
            Q_EMIT keyRolledBack(key, version, false, answer.errorText());
            return;
        }
        setStatus(tr("Rolled %1 back to v%2; that value is now v%3.").arg(key).arg(version).arg(answer.value));
        if (key == m_key) {
            // The operator asked for the old value: show it, even over unsaved edits.
            m_forceShow = true;
        }
        updateActions();
        refresh();
        Q_EMIT rolledBack(true);
        Q_EMIT keyRolledBack(key, version, true, {});
    });
}
