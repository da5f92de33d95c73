<?php
// What a school admin does in a SCORM activity's settings form, through the same Moodle code the
// form calls (get_moduleinfo_data -> update_moduleinfo -> scorm_update_instance), and what the
// course's completion page shows for a learner. Run by tests/moodle/moodle.py with MOODLE_DIR set;
// prints JSON.
//
//   php activity.php --cmid=N [--settings=JSON] [--package=ZIP]   change settings, upload a new version
//   php activity.php --cmid=N --completion [--user=student]        the learner's completion state

define('CLI_SCRIPT', true);
require(getenv('MOODLE_DIR') . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->libdir . '/completionlib.php');
require_once($CFG->dirroot . '/course/modlib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');

[$opts] = cli_get_params(['cmid' => 0, 'settings' => '', 'package' => '', 'completion' => false,
    'user' => 'student']);
\core\session\manager::set_user(get_admin());
$cm = get_coursemodule_from_id('scorm', (int)$opts['cmid'], 0, false, MUST_EXIST);
$course = get_course($cm->course);

if ($opts['completion']) {
    $user = $DB->get_record('user', ['username' => $opts['user'], 'deleted' => 0], '*', MUST_EXIST);
    $state = (new completion_info($course))->get_data(cm_info::create($cm), false, $user->id);
    echo json_encode(['completionstate' => (int)$state->completionstate,
        'complete' => in_array((int)$state->completionstate, [COMPLETION_COMPLETE, COMPLETION_COMPLETE_PASS])]);
    exit(0);
}

if (!$course->enablecompletion) {
    $DB->set_field('course', 'enablecompletion', 1, ['id' => $course->id]);
    rebuild_course_cache($course->id, true);
    $course = get_course($course->id);
}
[$cm, $context, $module, $data, $cw] = get_moduleinfo_data($cm, $course);
$data->completionunlocked = 1;
foreach (json_decode($opts['settings'] ?: '{}', true, 512, JSON_THROW_ON_ERROR) as $name => $value) {
    $data->$name = $value;
}
if ($opts['package'] !== '') {
    // The form's file picker: the zip goes to the admin's draft area, then "Save and display".
    $zip = realpath($opts['package']) ?: cli_error("no such zip: {$opts['package']}");
    $draftid = file_get_unused_draft_itemid();
    $draft = get_file_storage()->create_file_from_pathname(['component' => 'user', 'filearea' => 'draft',
        'contextid' => context_user::instance($USER->id)->id, 'itemid' => $draftid,
        'filename' => basename($zip), 'filepath' => '/'], $zip);
    $errors = scorm_validate_package($draft);
    if ($errors) {
        echo json_encode(['accepted' => false, 'errors' => array_values($errors)]);
        exit(2);
    }
    $data->packagefile = $draftid;
}
update_moduleinfo($cm, $data, $course);

$scorm = $DB->get_record('scorm', ['id' => $cm->instance]);
$scoes = [];
foreach ($DB->get_records('scorm_scoes', ['scorm' => $scorm->id], 'sortorder') as $sco) {
    $scoes[] = ['id' => (int)$sco->id, 'identifier' => $sco->identifier, 'organization' => $sco->organization,
        'launch' => $sco->launch, 'scormtype' => $sco->scormtype];
}
echo json_encode(['accepted' => true, 'scorm' => $scorm, 'scoes' => $scoes]);
