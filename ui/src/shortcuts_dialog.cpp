#include "hyperbagel/ui/shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QStringList>
#include <QTableWidget>
#include <QVBoxLayout>

namespace hb::ui {
namespace {

/// "&Open Image…" -> "Open Image" (a literal "&&" stays one "&").
QString plainText(QString text) {
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    if (text.endsWith(QChar(0x2026))) { // the ellipsis of a command that opens a dialog
        text.chop(1);
    }
    return text;
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QList<QAction*>& actions, const QList<Row>& extra, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    QList<Row> rows;
    for (const QAction* action : actions) {
        QStringList keys;
        for (const QKeySequence& sequence : action->shortcuts()) {
            keys << sequence.toString(QKeySequence::NativeText);
        }
        rows.append({plainText(action->text()), keys.join(tr(", ", "between two shortcuts of one action"))});
    }
    rows.append(extra);

    m_table = new QTableWidget(static_cast<int>(rows.size()), 2, this);
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    for (int i = 0; i < rows.size(); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(rows.at(i).what));
        m_table->setItem(i, 1, new QTableWidgetItem(rows.at(i).keys));
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(520, 560);
}

QList<ShortcutsDialog::Row> ShortcutsDialog::rows() const {
    QList<Row> rows;
    for (int i = 0; i < m_table->rowCount(); ++i) {
        rows.append({m_table->item(i, 0)->text(), m_table->item(i, 1)->text()});
    }
    return rows;
}

} // namespace hb::ui
