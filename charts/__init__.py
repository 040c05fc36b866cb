"""Chart builders (charts.builders) and exports: PNG, SVG, PDF, XLSX, the meeting pack."""
