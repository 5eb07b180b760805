#include "kvdiffview.h"

#include <QFontDatabase>

KvDiffView::KvDiffView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("kvDiffView"));
    setOpenLinks(false);
    // A pane narrower than a line wraps it: nothing of a change may hide past the right edge.
    setLineWrapMode(QTextEdit::WidgetWidth);
    document()->setDocumentMargin(6);
    showMessage(tr("Select two versions in the history and press Compare."));
}

void KvDiffView::showMessage(const QString &message)
{
    m_added = 0;
    m_removed = 0;
    setHtml(QStringLiteral("<p style='color: gray'>%1</p>").arg(message.toHtmlEscaped()));
}

void KvDiffView::setDiff(const QString &key, const KvDiff &diff)
{
    const auto mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family().toHtmlEscaped();
    m_added = 0;
    m_removed = 0;
    QString rows;
    int oldLine = 0;
    int newLine = 0;
    for (const auto &line : diff.lines) {
        const QString op = line.op;
        const auto text = line.text.toHtmlEscaped();
        QString background;
        QString oldNumber;
        QString newNumber;
        if (op == QLatin1String("-")) {
            ++m_removed;
            background = QStringLiteral("#fde2e1");
            oldNumber = QString::number(++oldLine);
        } else if (op == QLatin1String("+")) {
            ++m_added;
            background = QStringLiteral("#dcf5dd");
            newNumber = QString::number(++newLine);
        } else {
            oldNumber = QString::number(++oldLine);
            newNumber = QString::number(++newLine);
        }
        const auto style = background.isEmpty() ? QString() : QStringLiteral(" style='background:%1'").arg(background);
        rows += QStringLiteral("<tr%1><td align='right' style='color:gray'>%2</td><td align='right' "
                               "style='color:gray'>%3</td><td><b>%4</b></td><td width='100%' "
                               "style='white-space:pre-wrap'>%5</td></tr>")
                    .arg(style, oldNumber, newNumber, op.toHtmlEscaped(), text.isEmpty() ? QStringLiteral(" ") : text);
    }
    const auto title = tr("%1: v%2 → v%3 · %4 added, %5 removed")
                           .arg(key.toHtmlEscaped())
                           .arg(diff.fromVersion)
                           .arg(diff.toVersion)
                           .arg(m_added)
                           .arg(m_removed);
    const auto body
        = m_added + m_removed == 0 ? tr("The two versions hold the same value.").toHtmlEscaped() : QString();
    setHtml(QStringLiteral("<p><b>%1</b></p><p style='color:gray'>%2</p><table cellspacing='0' cellpadding='2' "
                           "width='100%' style='font-family:\"%3\"'>%4</table>")
                .arg(title, body, mono, rows));
}
