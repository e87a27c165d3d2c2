-- accessibility results were stored at the top level; Cloudinary nests them in an accessibility_analysis object
update asset
set results = ((results::jsonb - 'colorblind_accessibility_analysis' - 'colorblind_accessibility_score')
    || jsonb_build_object('accessibility_analysis', jsonb_build_object(
        'colorblind_accessibility_analysis', results::jsonb -> 'colorblind_accessibility_analysis',
        'colorblind_accessibility_score', results::jsonb -> 'colorblind_accessibility_score')))::text
where results is not null and results::jsonb ? 'colorblind_accessibility_score';
