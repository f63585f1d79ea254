## Consultations (/consult, 协商): admins and station staff ask, couriers answer

cmd-consult = Ask couriers (consultation)
cmd-consult-read = Read consultations' answers (file one as a report)
consult-ask-title = 📝 A new consultation. First send a title (up to { $limit } characters), e.g. "Childcare in the summer holidays".
consult-ask-question =
    ❓ Send question { $number } (up to { $most }).
    A choice: the question on the first line, then one option per line (2 to 10).
    One line alone asks for a free-text answer.
consult-question-added = ✅ Question { $number } added (up to { $most }). Send the next one, or tap "Questions done".
consult-button-done = ✅ Questions done
consult-free-text = (free text)
consult-question-empty = A question cannot be empty; please send it again.
consult-question-too-long = A question has at most { $limit } characters; please shorten it.
consult-options-count = A choice needs { $low } to { $high } options, one per line.
consult-option-length = Each option has 1 to { $limit } characters.
consult-options-repeated = Two options are the same; please change one.
consult-preview =
    👀 <b>Preview</b>
    <b>{ $title }</b>
    { $questions }

    Audience: { $audience }
    People: { $count }
    Each person first chooses to answer anonymously or with their name (anonymous by default). Send it?
consult-button-send = ✅ Send
consult-sent = 📨 Consultation #{ $id } is queued for { $count } people. Answers will come in; see the results any time.
consult-button-results = 📊 Results
consult-cancelled = Cancelled; the consultation was not sent.
consult-invitation =
    🗣 <b>Consultation: { $title }</b>
    We would like your view: { $count } questions. The first one:
    { $question }

    Answers are <b>anonymous</b> by default: nobody records who you are. With "Sign" whoever asked and the admins see your name.
consult-button-anonymous = 🙈 Answer anonymously
consult-button-named = ✍️ Sign my answers
consult-question = <b>Question { $number }/{ $count }</b>: { $text }
consult-type-answer = Send your answer as a message, or tap "Skip".
consult-button-skip = ⏭ Skip
consult-thanks = 🙏 Thank you! You have answered every question of "{ $title }".
consult-already-answered = You have answered every question of this consultation. Thank you!
consult-answer-kept = ✅ Recorded
consult-answered-before = You answered this question before; your first answer stays.
consult-answering-stopped = All right, no answer for now. The buttons under the question still work later.
consult-results-header =
    📊 <b>Consultation #{ $id }: { $title }</b>
    Sent to { $asked }, answered by { $answered }
consult-anonymous = anonymous
consult-more-in-export = …{ $count } more answers in the export.
consult-skipped = ({ $count } skipped)
consult-report-hint = Tap 📣 #number to turn that answer into a report.
consult-chart-caption = Choice questions of consultation #{ $id } (Q = question, numbers = options)
consult-chart-caption-named = Choice questions of consultation #{ $id }
consult-unknown = There is no consultation #{ $id }.
consult-not-yours = 🔒 This consultation is not one you started, so you cannot see its results.
# A press for an audience that station staff may not ask (forged, or their role changed since).
audience-not-yours = 🔒 Station staff can only ask people within { $km } km of their own stations, or those who checked in there lately.
consult-none-yet = No consultation yet. Send /consult to start one.
consult-none-to-read = No consultation yet. Once station staff or the admins ask couriers, their answers are here.
consult-list = Recent consultations; tap one for its results:
consult-usage =
    Usage:
    /consult start a new consultation
    /consult list recent consultations
    /consult results ID see the results
consult-usage-reader =
    Usage:
    /consult list recent consultations
    /consult results ID read the answers, and file one as a report
consult-export-not-yours = 🔒 The export holds the names of those who signed: only the person who started this consultation and the admins can export it.
consult-export-caption = Consultation answers: { $count }.
consult-export-question = Question no.
consult-export-text = Question
consult-export-answer = Answer
consult-export-by = Answered by
consult-export-day = Day
consult-export-skipped = (skipped)
consult-export-anonymous = anonymous
consult-report-category = Turn this answer into a report:
    "{ $text }"
    Choose a category:
consult-report-filed = 📣 Filed as report { $number }; follow it in { $command }.
