#pragma once
// The history dock: a thumbnail strip of the images the session has kept (opened images and,
// once a model runs, every applied result) and a search field that filters by prompt.
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

class HistoryPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kThumbnailSize = 80;

    explicit HistoryPanel(QWidget* parent = nullptr);

    /// Adds a node at the end of the strip, selects it and returns its id.
    /// `title` is what the search matches (a prompt, or a file name); `details` goes in the tooltip.
    int addEntry(const QImage& image, const QString& title, const QString& details);
    /// The full image of entry `id`; null when there is none.
    QImage entryImage(int id) const;
    int entryCount() const;
    /// Entries that match the current search.
    int visibleEntryCount() const;
    QString searchText() const;
    void setSearchText(const QString& text);

Q_SIGNALS:
    /// The user clicked a node: the canvas should return to it.
    void entryActivated(int id);

private:
    void applyFilter();
    QListWidgetItem* itemFor(int id) const;

    QLineEdit* m_search = nullptr;
    QLabel* m_count = nullptr;
    QListWidget* m_strip = nullptr;
    QLabel* m_empty = nullptr;
    QStackedWidget* m_stack = nullptr;
    int m_nextId = 1;
};

} // namespace hb::ui
