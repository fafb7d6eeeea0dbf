#pragma once
// The history dock: a thumbnail strip of the session's HistoryModel (opened images and applied
// results, in the order they were made; a node that branches off an earlier node is marked "↳"),
// the current node selected, and a search field that filters by prompt, tier and seed.
// Thread affinity: GUI thread.

#include <QImage>
#include <QString>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QStackedWidget;
QT_END_NAMESPACE

namespace hb::ui {

class HistoryModel;

class HistoryPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kThumbnailSize = 80;

    /// Shows `model` (not owned; must outlive the panel); a null model makes the panel own an empty one.
    explicit HistoryPanel(HistoryModel* model = nullptr, QWidget* parent = nullptr);

    HistoryModel& model() const { return *m_model; }
    /// The full image of node `id`; null when there is none.
    QImage entryImage(int id) const;
    int entryCount() const;
    /// Nodes that match the current search.
    int visibleEntryCount() const;
    QString searchText() const;
    void setSearchText(const QString& text);
    /// The id shown in strip position `row` (creation order); 0 when out of range.
    int idAt(int row) const;

Q_SIGNALS:
    /// The user clicked a node that is not current: the canvas should return to it.
    void entryActivated(int id);

private:
    void addItem(int id);
    void removeItem(int id);
    void selectCurrent();
    void applyFilter();
    QListWidgetItem* itemFor(int id) const;

    HistoryModel* m_model = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_count = nullptr;
    QListWidget* m_strip = nullptr;
    QLabel* m_empty = nullptr;
    QStackedWidget* m_stack = nullptr;
};

} // namespace hb::ui
