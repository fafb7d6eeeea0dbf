#pragma once
// The prompt bar under the canvas: instruction field, Live toggle, tier, seed (locked or random),
// aspect ratio for text-to-image, and the Generate / Edit / Apply buttons.
// Controls that need a model stay disabled, and their tooltips say what is missing.
// Thread affinity: GUI thread.

#include <QString>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;
QT_END_NAMESPACE

namespace hb::ui {

class PromptBar : public QWidget {
    Q_OBJECT

public:
    explicit PromptBar(QWidget* parent = nullptr);

    QString instruction() const;
    /// Replaces the instruction (emits instructionChanged() when it differs).
    void setInstruction(const QString& text);
    void focusInstruction();
    bool isLive() const;
    /// Ticks or clears the Live box (emits liveToggled() when it changes; ignored while disabled).
    void setLive(bool live);
    /// "preview" (1 step), "fast" (6 steps) or "full" (50 steps).
    QString tier() const;
    int seed() const;
    bool isSeedLocked() const;
    /// Draws a new random seed (the "New" button; after an Apply when the seed is not locked).
    void randomizeSeed();
    /// "W:H", e.g. "16:9"; used by Generate only.
    QString aspectRatio() const;

    /// Enables what the current state allows and explains the rest in tooltips.
    void setModelLoaded(bool loaded);
    void setHasImage(bool hasImage);
    void setHasResult(bool hasResult);
    /// Enables only the tiers the loaded model runs (empty: all, before a model is known); a disabled
    /// current choice falls back to the best enabled one.
    void setAvailableTiers(const QStringList& tiers);

Q_SIGNALS:
    void instructionChanged(const QString& text);
    void liveToggled(bool live);
    /// The seed was typed or drawn anew.
    void seedChanged(int seed);
    void generateRequested();
    void editRequested();
    void applyRequested();

private:
    void buildUi();
    void updateState();

    QLineEdit* m_instruction = nullptr;
    QCheckBox* m_live = nullptr;
    QComboBox* m_tier = nullptr;
    QSpinBox* m_seed = nullptr;
    QToolButton* m_seedLock = nullptr;
    QToolButton* m_seedRandom = nullptr;
    QComboBox* m_aspect = nullptr;
    QPushButton* m_generate = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_apply = nullptr;
    QLabel* m_hint = nullptr;
    bool m_modelLoaded = false;
    bool m_hasImage = false;
    bool m_hasResult = false;
};

} // namespace hb::ui
