## Station staff: appointed by admins for a station

station-unknown = There is no station with the id “{ $station }”. Use a station id (see data/stations.yaml or the /nearest results).
station-appoint-already = { $name } is already on the staff of { $station }.
station-appoint-done = ✅ { $name } is now on the staff of { $station } and has been told.
station-revoke-not-staff = { $name } is not on the staff of { $station }.
station-revoke-done = { $name } is no longer on the staff of { $station }.
station-staff-welcome =
    🎉 { $name }, you are now on the staff of <b>{ $station }</b>!
    🏠 /station shows today's check-ins, lets you update the station's live status (open, water, charging, gift packs, crowded) and gives you its check-in QR code
    ✅ /pending lets you approve the volunteer hours served at your station
station-staff-farewell = { $name }, your staff role at { $station } has ended. Thank you for your work!
