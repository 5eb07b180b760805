#include "alertbanner.h"

#include "alerting/alertengine.h"
#include "common/alertstatestyle.h"

#include <QAction>
#include <QLabel>

AlertBanner::AlertBanner(AlertEngine *engine, QWidget *parent)
    : QToolBar(tr("Firing alerts"), parent)
    , m_engine(engine)
    , m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("alertBanner"));
    setMovable(false);
    setFloatable(false);
    // Part of the window, not a tool bar the user arranges: no entry in the tool bar context menu.
    toggleViewAction()->setVisible(false);
    m_label->setObjectName(QStringLiteral("alertBannerText"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->setContentsMargins(8, 0, 8, 0);
    addWidget(m_label);
    m_show = addAction(tr("Show alert"), this, [this] {
        if (m_count > 0)
            Q_EMIT showAlertRequested(m_firstRule, m_firstTarget);
    });
    m_show->setObjectName(QStringLiteral("actionShowFiringAlert"));
    m_show->setToolTip(tr("Go to the firing alert in the Alerts dock"));
    const auto firing = AlertStateStyle::color(AlertState::Firing);
    // The button keeps white text on the banner's red in every state: the style's own hover and pressed
    // backgrounds are light and would swallow it.
    setStyleSheet(QStringLiteral("QToolBar#alertBanner { background: %1; border: none; padding: 2px; }"
                                 "QToolBar#alertBanner QLabel, QToolBar#alertBanner QToolButton { color: white; "
                                 "font-weight: bold; }"
                                 "QToolBar#alertBanner QToolButton { background: transparent; padding: 1px 6px; "
                                 "border: 1px solid rgba(255, 255, 255, 140); border-radius: 3px; }"
                                 "QToolBar#alertBanner QToolButton:hover { background: rgba(255, 255, 255, 46); }"
                                 "QToolBar#alertBanner QToolButton:pressed { background: rgba(0, 0, 0, 50); }")
                      .arg(firing.name()));
    connect(engine, &AlertEngine::alertTransition, this, &AlertBanner::refresh);
    connect(engine, &AlertEngine::silencesChanged, this, &AlertBanner::refresh);
    connect(engine, &AlertEngine::evaluated, this, &AlertBanner::refresh);
    refresh();
}

QString AlertBanner::text() const
{
    return m_label->text();
}

void AlertBanner::refresh()
{
    int count = 0;
    int silenced = 0;
    const AlertStatus *first = nullptr;
    const auto statuses = m_engine->statuses();
    for (const auto &status : statuses) {
        if (status.state != AlertState::Firing)
            continue;
        if (status.silence) {
            ++silenced;
            continue;
        }
        if (!first)
            first = &status;
        ++count;
    }
    m_count = count;
    if (first) {
        m_firstRule = first->ruleName;
        m_firstTarget = first->target;
        const auto target = first->target.instance.isEmpty() ? first->target.service : first->target.instance;
        QString text
            = tr("%n alert(s) firing", "", count) + QStringLiteral(" — ") + tr("%1 on %2").arg(first->ruleName, target);
        if (count > 1)
            text += QLatin1Char(' ') + tr("and %1 more").arg(count - 1);
        if (silenced > 0)
            text += QStringLiteral(" · ") + tr("%1 silenced").arg(silenced);
        m_label->setText(text);
    }
    setVisible(count > 0);
}
