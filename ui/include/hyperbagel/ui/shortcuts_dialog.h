#pragma once
// Help ▸ Keyboard Shortcuts: a read-only table of what each key does, built from the window's
// actions (so it always shows the shortcuts they really have) plus rows for keys that are not
// actions (hold-to-peek, panning).
// Thread affinity: GUI thread.

#include <QDialog>
#include <QList>
#include <QString>

QT_BEGIN_NAMESPACE
class QAction;
class QTableWidget;
QT_END_NAMESPACE

namespace hb::ui {

class ShortcutsDialog : public QDialog {
    Q_OBJECT

public:
    /// One row that is not an action: what it does and the keys, as shown.
    struct Row {
        QString what;
        QString keys;
    };

    /// Lists `actions` (their text without mnemonics and every shortcut, in native notation), then
    /// `extra`. The actions are read once; they need not outlive the dialog.
    ShortcutsDialog(const QList<QAction*>& actions, const QList<Row>& extra, QWidget* parent = nullptr);

    /// The shown rows, in order (for tests and accessibility).
    QList<Row> rows() const;

private:
    QTableWidget* m_table = nullptr;
};

} // namespace hb::ui
