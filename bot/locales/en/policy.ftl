cmd-policy = Policy desk: insurance, injury cover, heat allowance, traffic rules
policy-topics = 📋 <b>Policy desk</b>
    Tap a question to see the answer, or just type yours, e.g. "heat allowance".
policy-several = You may be asking one of these; tap one for the answer:
policy-none = No ready answer found. Try other words, or:
    · call 12333 (human resources hotline) or 12351 (trade union workers' hotline)
    · ask in person at any courier station's policy desk; /nearest finds the closest
policy-answer = <b>{ $question }</b>

    { $answer }

    📎 Source: { $source } ({ $date })
    For guidance only: the authority concerned has the final word.
desk-button-ask = 🙋 Ask the station staff
desk-ask-station = Which station's staff should answer? (/cancel to stop)
desk-ask-question = Type your question for the staff of { $station }. (/cancel to stop)
desk-question-sent = ✅ Your question went to the staff of { $station }. Their answer will come here.
desk-staff-question = ❓ <b>A question for { $station }</b> from { $name }:

    { $question }
desk-button-answer = ✍️ Answer
desk-ask-answer = Type your answer to this question (/cancel to stop):

    { $question }
desk-answer-sent = ✅ Your answer went to the courier.
desk-already-answered = This question was already answered. Thank you all the same!
desk-courier-answer = 💬 <b>The staff of { $station } answered</b> ({ $date }):

    Your question: { $question }

    { $answer }
